/** Where the sidebar's page gets its script and style, as webview URIs. */
export interface WebviewPage {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * The sidebar page: scripts only with the nonce, styles and fonts only from the extension.
 * The toolkit's components style themselves through constructable stylesheets, which CSP allows;
 * its one <style> element (a :focus-visible probe) takes the nonce from the csp-nonce meta tag.
 */
export function webviewHtml(page: WebviewPage): string {
  const csp = [
    `default-src 'none'`,
    `img-src ${page.cspSource} data:`,
    `style-src ${page.cspSource} 'nonce-${page.nonce}'`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta property="csp-nonce" content="${escapeAttribute(page.nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
  <title>ADSA iterations</title>
</head>
<body>
  <main id="adsa-root" aria-busy="true">
    <p id="adsa-phase" class="adsa-phase" role="status" aria-live="polite">Loading…</p>
  </main>
  <script nonce="${escapeAttribute(page.nonce)}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
