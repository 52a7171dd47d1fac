// Bundles the extension host code, the sidebar webview and the adsa CLI with esbuild.
// Usage: node scripts/build.mjs
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };

const bundles = [
  build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Provided by VS Code at run time; everything else, SDKs included, is bundled (and minified:
    // this is what loads when the extension activates).
    external: ['vscode'],
    minify: true,
  }),
  build({
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
  }),
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  }),
];
await Promise.all(bundles);
// Runnable as ./dist/cli.js too, not only through npm's bin link.
chmodSync('dist/cli.js', 0o755);
