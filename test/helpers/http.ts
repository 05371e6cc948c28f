import { createHash } from 'node:crypto';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** POST /graphql with any body and headers; keeps the exact body text (for byte-identical replays). */
export async function postGraphQL(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseOrEmpty(text) };
}

/** GET /graphql?… with the given query parameters (objects are JSON-encoded). */
export async function getGraphQL(url: string, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawResponse> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const res = await fetch(`${url}/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers }, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseOrEmpty(text) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function parseOrEmpty(text: string): RawResponse['json'] {
  try {
    return JSON.parse(text) as RawResponse['json'];
  } catch {
    return {};
  }
}
