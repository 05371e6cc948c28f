import type { IncomingMessage } from 'node:http';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { ErrorCode, RETRYABLE } from '../common/errors.js';
import {
  MAX_VARIABLES_DEPTH,
  MAX_VARIABLES_VALUES,
  toIdempotentRequest,
  type OperationTypeOf,
  type PersistedQueryLookup,
} from './idempotency/request-identity.js';
import { refusalOf } from './idempotency/refusal-of.js';
import { IdempotencyStoreUnavailable, type Idempotency } from './idempotency/run-idempotent.js';
import type { StoredResponse } from './idempotency/store.js';
import { isRecord } from '../common/is-record.js';
import type { TenantRateLimiter } from './tenant-rate-limit.js';
import type { RejectionReason } from '../observability/metrics.js';
import { sha256Hex } from '../common/sha256-hex.js';
import type { Tenant } from '../config/tenants.js';
import type { RequestObservation } from '../observability/request-observer.js';

/** May answer on its own (429, an idempotent replay) or call `execute` at most once. `body` is the parsed POST body. */
export type RequestGuard = (
  tenant: Tenant,
  req: IncomingMessage,
  body: unknown,
  execute: () => Promise<HTTPGraphQLResponse>,
  observation: RequestObservation,
) => Promise<HTTPGraphQLResponse>;

export interface RequestGuardOptions {
  rateLimiter: TenantRateLimiter;
  idempotency: Idempotency;
  lookupPersistedQuery: PersistedQueryLookup;
  /** Counts each refusal (`mi_gateway_rejections_total{reason}`); must not throw. */
  onRejection?: (reason: RejectionReason) => void;
  /** Which type of operation a document selects, from its parse (src/graphql/operation-preparer.ts). */
  operationTypeOf: OperationTypeOf;
  /** Told when the idempotency store fails (for the log); must not throw. */
  onStoreError?: (error: unknown) => void;
  /** Told of each idempotent replay (request log: tenant, operation); must not throw. */
  onReplay?: (observation: RequestObservation, tenantId: string, operationName: string | null) => void;
}

/**
 * What runs between reading the body and Apollo, for the tenant the edge found: the tenant's rate limit
 * (every GraphQL request counts, replays included), then Idempotency-Key handling for mutations.
 */
export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const { rateLimiter, idempotency, lookupPersistedQuery } = options;
  const reject = (reason: RejectionReason, response: HTTPGraphQLResponse): HTTPGraphQLResponse => {
    options.onRejection?.(reason);
    return response;
  };
  return async (tenant: Tenant, req: IncomingMessage, body, execute, observation) => {
    // Without a tenant rate limit and without an Idempotency-Key header (the common case) nothing here
    // has work to do: no awaits, no body or document inspection.
    if (tenant.rateLimit) {
      const verdict = await rateLimiter.consume(tenant);
      if (!verdict.allowed) {
        const { retryAfterSeconds } = verdict;
        return reject(
          'rate_limit',
          errorResponse(
            429,
            `Rate limit of tenant ${tenant.id} exceeded; retry after ${retryAfterSeconds} s`,
            ErrorCode.RATE_LIMITED,
            { retryAfterSeconds },
            { 'retry-after': String(retryAfterSeconds) },
          ),
        );
      }
    }
    // Node joins repeated headers of this kind with ", " as Apollo's HeaderMap did.
    const header = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(header) ? header.join(', ') : header;
    if (idempotencyKey === undefined) return execute();
    const identity = await toIdempotentRequest(req.method ?? 'GET', body, idempotencyKey, lookupPersistedQuery, options.operationTypeOf);
    if (identity.kind === 'not-applicable') return execute();
    if (identity.kind === 'invalid-key') {
      return reject('idempotency_invalid_key', errorResponse(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters', ErrorCode.BAD_USER_INPUT));
    }
    if (identity.kind === 'variables-too-deep') {
      return reject(
        'idempotency_invalid_key',
        errorResponse(400, `With an Idempotency-Key, variables may be nested at most ${MAX_VARIABLES_DEPTH} levels deep`, ErrorCode.BAD_USER_INPUT),
      );
    }
    if (identity.kind === 'variables-too-large') {
      return reject(
        'idempotency_invalid_key',
        errorResponse(
          400,
          `With an Idempotency-Key, variables may hold at most ${MAX_VARIABLES_VALUES} values (object members and array items)`,
          ErrorCode.BAD_USER_INPUT,
        ),
      );
    }
    // Scoped per tenant; the key itself is hashed so any visible character is safe in a Redis key.
    const key = `${tenant.id}:${sha256Hex(identity.key)}`;
    let outcome;
    try {
      outcome = await idempotency.run(key, identity.fingerprint, async () => toStored(await execute()));
    } catch (error) {
      if (!(error instanceof IdempotencyStoreUnavailable)) throw error;
      options.onStoreError?.(error.cause);
      // Nothing ran: the client may safely retry the same request with the same key.
      return errorResponse(503, 'Idempotency records are unavailable right now; retry with the same Idempotency-Key', ErrorCode.UPSTREAM_UNAVAILABLE);
    }
    switch (outcome.kind) {
      case 'fresh':
        return fromStored(outcome.response, false);
      case 'replay':
        options.onReplay?.(observation, tenant.id, isRecord(body) && typeof body.operationName === 'string' ? body.operationName : null);
        return fromStored(outcome.response, true);
      default: {
        const refusal = refusalOf(outcome);
        const response = errorResponse(refusal.status, refusal.message, refusal.code);
        return refusal.reason ? reject(refusal.reason, response) : response;
      }
    }
  };
}

async function toStored(response: HTTPGraphQLResponse): Promise<StoredResponse> {
  let body = '';
  if (response.body.kind === 'complete') body = response.body.string;
  else for await (const chunk of response.body.asyncIterator) body += chunk;
  return { status: response.status ?? 200, headers: [...response.headers], body };
}

function fromStored(stored: StoredResponse, replayed: boolean): HTTPGraphQLResponse {
  const headers = new HeaderMap(stored.headers);
  if (replayed) headers.set('idempotent-replayed', 'true');
  return { status: stored.status, headers, body: { kind: 'complete', string: stored.body } };
}

function errorResponse(
  status: number,
  message: string,
  code: ErrorCode,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HTTPGraphQLResponse {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, retryable: RETRYABLE[code], ...extra } }] });
  return {
    status,
    headers: new HeaderMap([['content-type', 'application/json; charset=utf-8'], ...Object.entries(headers)]),
    body: { kind: 'complete', string: body },
  };
}
