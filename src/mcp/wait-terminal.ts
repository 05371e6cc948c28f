import { parse, subscribe, type GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context.js';

/** Told of each state while waiting (an MCP progress notification); must not throw. */
export type ProgressSink = (step: number, message: string) => Promise<void>;

const FOLLOW = parse(`subscription McpWaitForTerminal($workspaceName: String!, $projectId: ID!, $assetId: ID!) {
  analysisProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { status indexId terminal }
}`);

export interface WaitOptions {
  schema: GraphQLSchema;
  context: Context;
  variables: Record<string, unknown>;
  maxWaitMs: number;
  progress?: ProgressSink | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Follows the asset through the analysisProgress subscription (the shared poller of src/live/, not a new
 * poll loop) until a terminal state, an error, the caller's cancellation or maxWaitMs; the tool's query
 * then reads the final status.
 */
export async function waitForTerminal(options: WaitOptions): Promise<void> {
  const stream = await subscribe({ schema: options.schema, document: FOLLOW, contextValue: options.context, variableValues: options.variables });
  if (!(Symbol.asyncIterator in stream)) return;
  const iterator = stream[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<'stop'>((resolve) => {
    timer = setTimeout(resolve, options.maxWaitMs, 'stop');
    options.signal?.addEventListener('abort', () => resolve('stop'), { once: true });
  });
  let step = 0;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stop]);
      if (next === 'stop' || next.done) return;
      if (next.value.errors?.length) return;
      const status = (next.value.data as { analysisProgress?: { status: string; terminal: boolean } } | null)?.analysisProgress;
      if (!status) return;
      step += 1;
      await options.progress?.(step, status.status).catch(() => {});
      if (status.terminal) return;
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}
