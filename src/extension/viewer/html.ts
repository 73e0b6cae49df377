// The viewer's HTML shell (no vscode import, so tests render the same page). Everything
// visible is built by media/dist/viewer.js with DOM APIs; the shell carries no data.
//
// CSP: nothing loads or runs except our own script (by nonce) and our own styles and font
// (from the webview's resource origin, limited to media/dist by localResourceRoots).
// No 'unsafe-inline', no 'unsafe-eval', no connect-src, no img-src beyond our origin.

import { randomBytes } from 'node:crypto';

export interface ViewerHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** asWebviewUri(media/dist/viewer.js) */
  scriptUri: string;
  /** asWebviewUri of codicon.css and viewer.css */
  styleUris: string[];
  title: string;
  /** Extra inline script (tests only: a fake acquireVsCodeApi), run before the viewer. */
  bootstrapScript?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function viewerCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderViewerHtml(o: ViewerHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('nonce must be base64, 16+ characters');
  const styles = o.styleUris.map((u) => `  <link rel="stylesheet" nonce="${o.nonce}" href="${escAttr(u)}">`).join('\n');
  // A script body cannot contain "</script" (it would end the element); tests pass plain JS.
  const boot = o.bootstrapScript
    ? `  <script nonce="${o.nonce}">${o.bootstrapScript.replace(/<\/(script)/gi, '<\\/$1')}</script>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escAttr(viewerCsp(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escAttr(o.title)}</title>
${styles}
</head>
<body>
  <div id="app" class="app" aria-busy="true"></div>
${boot}  <script nonce="${o.nonce}" src="${escAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
