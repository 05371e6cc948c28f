// Follows one asset's analysis live over the gateway's WebSocket (graphql-ws), printing each state until
// a terminal one. `ws` is the WebSocket implementation, so it runs on Node 20 as on Node 22+.
//   node examples/follow-analysis.mjs [assetId] [projectId]      (defaults: the sandbox's 5006, 1001)
// GATEWAY_URL (default http://127.0.0.1:4000) and API_KEY (default the sandbox's key) point it elsewhere.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [assetId = '5006', projectId = '1001'] = process.argv.slice(2);
const url = `${(process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/^http/, 'ws')}/graphql`;
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${process.env.API_KEY ?? 'sandbox-demo-key'}` },
  retryAttempts: 0,
});
client.subscribe(
  {
    query: `subscription Follow($projectId: ID!, $assetId: ID!) {
      analysisProgress(workspaceName: "demo-workspace", projectId: $projectId, assetId: $assetId) { status terminal indexId }
    }`,
    variables: { projectId, assetId },
  },
  {
    next: (result) => console.log(JSON.stringify(result)),
    error: (error) => {
      console.error('stream failed:', error instanceof Error ? error.message : JSON.stringify(error));
      process.exit(1);
    },
    complete: () => client.dispose(),
  },
);
