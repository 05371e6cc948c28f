import { describe, expect, it } from 'vitest';
import { useStack } from '../helpers/stack.js';

const asBrowser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, signal: AbortSignal.timeout(10_000) });

describe('explorer off (a tenants file, no GRAPHQL_EXPLORER)', () => {
  const stack = useStack();

  it('answers a browser GET /graphql with no HTML and serves no explorer assets', async () => {
    expect(stack.config.explorer).toBe(false);
    const page = await get(`${stack.gateway.url}/graphql`, asBrowser);
    expect(page.headers.get('content-type')).not.toContain('text/html');
    const text = await page.text();
    expect(text).not.toContain('<html');
    // It says why, and how to turn it on, rather than "Missing API key".
    expect(page.status).toBe(404);
    expect(text).toMatch(/explorer is off.*Set GRAPHQL_EXPLORER=true/);
    expect(text).not.toMatch(/API key:/);
    // A GET query from a GraphQL client still gets its JSON answer (401 without a key).
    expect((await get(`${stack.gateway.url}/graphql?query=%7B__typename%7D`, asBrowser)).status).toBe(401);
    expect((await get(`${stack.gateway.url}/explorer/graphiql.min.js`)).status).toBe(404);
  });
});

describe('explorer enabled in production (GRAPHQL_EXPLORER=true)', () => {
  const stack = useStack({ env: { NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true' } });

  it('serves the page with a self-only CSP and no demo key, while GraphQL still answers JSON', async () => {
    const page = await get(`${stack.gateway.url}/graphql`, asBrowser);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/explorer/graphiql.min.js?v=');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('Bearer');
    // Its own icon (a data: URL the CSP allows), so the browser does not ask for /favicon.ico.
    expect(html).toContain('<link rel="icon" href="data:,">');
    const gz = await fetch(`${stack.gateway.url}/explorer/graphiql.min.css`, { headers: { 'accept-encoding': 'gzip' }, signal: AbortSignal.timeout(10_000) });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect((await gz.text()).length).toBeGreaterThan(10_000); // fetch decodes it
    const json = await stack.gql('{ __typename }');
    expect(json.body.data).toEqual({ __typename: 'Query' });
  });
});
