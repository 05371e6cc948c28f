import { ErrorCode } from '../../common/errors.js';
import type { RejectionReason } from '../../observability/metrics.js';
import type { IdempotentOutcome } from './run-idempotent.js';

/** An outcome in which nothing runs and nothing is replayed. */
export type RefusedOutcome = Exclude<IdempotentOutcome, { kind: 'fresh' | 'replay' }>;

/** How a client is told a refused outcome, on HTTP (`status`) and MCP alike; `reason` counts it as a rejection. */
export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
  reason?: RejectionReason;
}

/** The one wording of each refused Idempotency-Key outcome (src/edge/request-guard.ts, src/mcp/run-tool.ts). */
export function refusalOf(outcome: RefusedOutcome): Refusal {
  switch (outcome.kind) {
    case 'not-kept':
      return {
        status: 422,
        code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
        message: `The first request with this key ran, but its answer (${outcome.bytes} bytes) was too large to keep for replay; it is not run again`,
      };
    case 'reused':
      return {
        status: 422,
        code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
        message: 'This key was already used with another request (document, operation name, tool or variables)',
        reason: 'idempotency_reused',
      };
    case 'still-running':
      return {
        status: 409,
        code: ErrorCode.UPSTREAM_TIMEOUT,
        message: 'The first request with this key is still running; retry later',
        reason: 'idempotency_in_progress',
      };
    case 'unknown':
      return {
        status: 422,
        code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
        message:
          'The first request with this key may have reached the vendor, but the replica running it stopped, or lost the shared store, ' +
          'before its answer was kept; it is not run again: read the resource to see whether it took effect before using a new key',
        reason: 'idempotency_orphaned',
      };
  }
}
