export interface ExplorerPageSettings {
  /** Initial content of the headers editor, e.g. `{"authorization":"Bearer sandbox-demo-key"}`. */
  defaultHeaders?: string;
  /** Initial document of the first tab. */
  defaultQuery?: string;
}

/** Only the gateway's own origin: the page works offline and cannot leak the key elsewhere. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL (CodeMirror, React) sets style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The HTML shell: GraphiQL's UMD build on React 18, every file from /explorer/. */
export function renderExplorerPage(endpoint: string, version: string, settings: ExplorerPageSettings): string {
  const asset = (name: string) => `/explorer/${name}?v=${version}`;
  // JSON inside <script type="application/json">: escape '<' so a value cannot close the element.
  const json = JSON.stringify({ endpoint, ...settings }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mi-gateway explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script type="application/json" id="explorer-settings">${json}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('boot.js')}"></script>
</body>
</html>
`;
}
