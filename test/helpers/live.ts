import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Follower {
  client: Client;
  /** Each `next` payload, in order. */
  payloads: Array<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  /** Close codes of the socket (4401, 1001, …). */
  closes: number[];
  /** Resolves when the stream ends: 'complete', or the error/close event graphql-ws reported. */
  ended: Promise<{ how: 'complete' | 'error'; detail?: unknown }>;
  statuses(): string[];
  dispose(): Promise<void>;
}

export const PROGRESS = /* GraphQL */ `
  subscription Progress($workspaceName: String!, $projectId: ID!, $assetId: ID!) {
    analysisProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { status rawStatus terminal indexId }
  }
`;

/** A real graphql-ws client over a real socket; never reconnects, so every close is visible. */
export function follow(baseUrl: string, connectionParams: Record<string, unknown> | undefined, variables: Record<string, unknown>, query = PROGRESS): Follower {
  const closes: number[] = [];
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    ...(connectionParams ? { connectionParams } : {}),
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => void closes.push((event as { code: number }).code) },
  });
  const payloads: Follower['payloads'] = [];
  const ended = new Promise<{ how: 'complete' | 'error'; detail?: unknown }>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (payload) => void payloads.push(payload as Follower['payloads'][number]),
        error: (detail) => resolve({ how: 'error', detail }),
        complete: () => resolve({ how: 'complete' }),
      },
    );
  });
  return {
    client,
    payloads,
    closes,
    ended,
    statuses: () => payloads.map((p) => p.data?.analysisProgress?.status ?? `error:${p.errors?.[0]?.extensions?.code}`),
    dispose: async () => {
      await client.dispose();
    },
  };
}

/** Waits for a condition, bounded; fails with `what` when the time is up. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolves with the promise's value, or rejects after timeoutMs. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Gaps between consecutive arrivals, in ms. */
export function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}
