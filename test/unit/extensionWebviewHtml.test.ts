import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { webviewHtml } from '../../src/extension/webviewHtml';

describe('sidebar page', () => {
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123+/=',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/sidebar.css?a=1&b=2',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';

  test('scripts run only with the nonce, and nothing loads from elsewhere', () => {
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123\+\/='/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123\+\/="/);
    assert.match(scripts[0] ?? '', /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  });

  test('styles come from the extension, or carry the nonce', () => {
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-abc123\+\/='/);
    assert.match(html, /<meta property="csp-nonce" content="abc123\+\/=">/);
  });

  test('attribute values are escaped', () => {
    assert.match(html, /sidebar\.css\?a=1&amp;b=2/);
  });

  test('the phase line exists before the script runs', () => {
    assert.match(html, /id="adsa-phase"/);
    assert.match(html, /id="adsa-root"/);
  });
});
