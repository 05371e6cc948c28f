import { ErrorCode, GatewayError, RETRYABLE } from '../common/errors.js';

/**
 * A state a live stream follows: an analysis, a scene summary or an asset search. `terminal` ends the
 * stream; the other fields are what a client sees (and what "each change" compares).
 */
export interface LiveStatus {
  status: string;
  rawStatus: string | null;
  terminal: boolean;
  message?: string | null;
  indexId?: string | null;
  totalCount?: number | null;
}

/** What a live stream carries: a status, or a failure report (as a GraphQL error in the next payload). */
export type ProgressEvent = { kind: 'status'; status: LiveStatus } | { kind: 'error'; error: GatewayError };

/** One tenant's asset to follow: `key` names the poller (tenant id + request-target), `poll` reads one status. */
export interface PollTarget {
  key: string;
  poll(signal: AbortSignal): Promise<LiveStatus>;
  /** While true for the last read, the poll interval doubles per read up to MAX_BACKOFF_MS (a vendor queue asking for backoff). */
  backoffWhile?: (status: LiveStatus) => boolean;
  /** On the poller's log lines: tenant, asset and the id of the request that started it (no secrets). */
  logFields?: Record<string, string>;
  /** The tenant's cap on distinct targets followed at once on this replica (src/live/target-limit.ts). */
  limit?: { tenantId: string; maxTargets: number };
}

/** Live progress for the Subscription resolver; in memory or shared through Redis. */
export interface LiveProgress {
  /** The current state at once, then each change; ends after a terminal state or a non-retryable error. */
  follow(target: PollTarget): AsyncIterableIterator<ProgressEvent>;
  /** Ends every stream (each completes) and stops all polling; part of the gateway's stop(). */
  close(): Promise<void>;
}

/** A stream ends after this event: a terminal state, or an error that no retry can fix (NOT_FOUND, auth). */
export function isFinalEvent(event: ProgressEvent): boolean {
  return event.kind === 'status' ? event.status.terminal : !RETRYABLE[event.error.code];
}

/** Identity of a state for "each change": the fields a client sees. */
export function stateKey(status: LiveStatus): string {
  const key: unknown[] = [status.status, status.rawStatus, status.message, status.indexId];
  if (status.totalCount !== undefined) key.push(status.totalCount);
  return JSON.stringify(key);
}

/** Anything a poll throws that is not already a GatewayError is reported masked. */
export function asGatewayError(error: unknown): GatewayError {
  return error instanceof GatewayError ? error : new GatewayError('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR, { detail: error });
}
