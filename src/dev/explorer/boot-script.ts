/**
 * Starts GraphiQL from the settings the page embeds as JSON. A separate script (not inline) so the
 * page's Content-Security-Policy can forbid inline scripts.
 */
export const BOOT_SCRIPT = `(function () {
  var settings = JSON.parse(document.getElementById('explorer-settings').textContent);
  var props = {
    fetcher: GraphiQL.createFetcher({ url: window.location.origin + settings.endpoint }),
    defaultEditorToolsVisibility: settings.defaultHeaders ? 'headers' : true,
    shouldPersistHeaders: false
  };
  if (settings.defaultQuery) props.defaultQuery = settings.defaultQuery;
  if (settings.defaultHeaders) props.defaultHeaders = settings.defaultHeaders;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;
