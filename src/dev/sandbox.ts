import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import { DEMO_PROJECT_ID, DEMO_WORKSPACE, SANDBOX_EXAMPLE_ASSETS } from './emulator/seed.js';
import { startEmulator, type Emulator } from './emulator/index.js';
import { createTenant, digestApiKey, type Tenant } from '../config/tenants.js';

export const SANDBOX_API_KEY = 'sandbox-demo-key';

export interface Sandbox {
  emulator: Emulator;
  tenant: Tenant;
  apiKey: string;
}

/**
 * Sandbox mode (no TENANTS_FILE): the embedded emulator on loopback, with fresh NCP keys known only
 * to it and to the demo tenant. The only module of the product that imports the emulator.
 */
export async function startSandbox(config: Config): Promise<Sandbox> {
  const accessKey = `SANDBOX${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretKey = randomBytes(24).toString('base64url');
  const emulator = await startEmulator({
    credentials: [{ accessKey, secretKey }],
    timeZone: config.timeZone,
    seed: 'sandbox',
  });
  const tenant = createTenant({
    id: 'demo',
    apiKeyDigests: [digestApiKey(SANDBOX_API_KEY)],
    accessKey,
    secretKey,
    baseUrl: emulator.url,
    rateLimit: null,
  });
  return { emulator, tenant, apiKey: SANDBOX_API_KEY };
}

/** The example analyzeAsset mutation; each example analyses its own asset (SANDBOX_EXAMPLE_ASSETS). */
export function exampleMutation(assetId: number): string {
  return `mutation Analyze {
  analyzeAsset(input: {
    workspaceName: "${DEMO_WORKSPACE}"
    projectId: "${DEMO_PROJECT_ID}"
    assetId: "${assetId}"
    analysisPersonCount: 3
    sceneRange: MEDIUM
    sourceLanguage: ENKO
  }) { id createdAt createdBy }
}`;
}

/** The explorer opens ready to run: the demo key in its headers and the example mutation in its editor. */
export function sandboxExplorer(apiKey: string): { defaultHeaders: string; defaultQuery: string } {
  return { defaultHeaders: JSON.stringify({ authorization: `Bearer ${apiKey}` }, null, 2), defaultQuery: exampleMutation(SANDBOX_EXAMPLE_ASSETS.explorer) };
}

/** The startup banner: the demo key and a curl that works when pasted. */
export function sandboxBanner(gatewayUrl: string, apiKey: string): string {
  const body = JSON.stringify({ query: exampleMutation(SANDBOX_EXAMPLE_ASSETS.banner).replace(/\s+/g, ' ') });
  return [
    '',
    'mi-gateway sandbox: an embedded Media Intelligence emulator with demo data.',
    `  GraphQL:  ${gatewayUrl}/graphql   (open it in a browser for the explorer)`,
    `  MCP:      ${gatewayUrl}/mcp   (Streamable HTTP for AI agents; same Authorization header)`,
    `  API key:  ${apiKey}`,
    '  Try it:',
    `  curl -s ${gatewayUrl}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${apiKey}' \\`,
    `    -d '${body}'`,
    '',
  ].join('\n');
}
