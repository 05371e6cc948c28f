import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createInfoLineWriter, safeFieldsLogger, type Logger } from './logger.js';
import type { UpstreamCallEvent } from '../upstream/client.js';
import type { Span } from '@opentelemetry/api';
import { toStatusClass, type Metrics } from './metrics.js';
import { endSpan, type Tracing } from './tracing.js';

/** What one GraphQL request collects on its way through Apollo, for its one log line. */
interface Observation {
  requestId: string;
  tenantId: string | null;
  operationName: string | null;
  operationType: string | null;
  /** Made on the first error only: most requests have none. */
  errorCodes: Set<string> | null;
  span: Span | undefined;
}

/** How a GraphQL request arrived: the `transport` label of the request metrics. */
export type Transport = 'http' | 'mcp';

export interface RequestObserver {
  /**
   * Runs one GraphQL request (a POST or GET /graphql, or an MCP tool call: `transport`): in-flight gauge,
   * then one log line and the request metrics.
   */
  observe(res: ServerResponse, requestId: string, run: () => Promise<void>, headers?: IncomingHttpHeaders, transport?: Transport): Promise<void>;
  /** For VendorClient onCall: one log line and the upstream metrics per call. */
  onUpstreamCall(event: UpstreamCallEvent): void;
  /** The id of the /graphql request being handled (for log lines written outside the request's logger). */
  currentRequestId(): string | null;
  /** The edge found the caller's tenant; `operationName` is the one the client sent (null if none). */
  noteRequest(tenantId: string, operationName: string | null): void;
  /** The operation that runs (the executor, or an idempotent replay of a mutation). */
  noteOperation(operationName: string | null, operationType: string): void;
  /** An error code of the answer: every error the gateway formats, and refusals answered before Apollo. */
  noteErrorCode(code: unknown): void;
  /** For VendorClient instrument: a child span and its traceparent header (when tracing is on). */
  instrumentUpstream(endpoint: string, method: string): { headers: Record<string, string>; end(event: UpstreamCallEvent): void } | undefined;
}

const NO_CODES: readonly string[] = [];

/**
 * Request logging and metrics: one observation per request, found through AsyncLocalStorage by the
 * stages that know each fact (the edge: tenant and sent name; the executor: the operation that runs;
 * formatError and the edge's refusals: error codes), so no stage passes it along by hand and no Apollo
 * plugin hook runs per request.
 */
export function createRequestObserver(logger: Logger, metrics: Metrics, tracing: Tracing | null = null): RequestObserver {
  // Both lines below carry only known-safe scalar fields (see safeFieldsLogger).
  const safeLog = safeFieldsLogger(logger);
  const writeLine = createInfoLineWriter(safeLog);
  const current = new AsyncLocalStorage<Observation>();
  const addCode = (observation: Observation | undefined, code: unknown) => {
    if (!observation) return;
    (observation.errorCodes ??= new Set()).add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  };

  const resolved = (observation: Observation, operationName: string | null, operationType: string | null) => {
    observation.operationName = operationName;
    observation.operationType = operationType;
    observation.span?.updateName(`graphql ${operationType ?? 'operation'} ${operationName ?? 'anonymous'}`);
  };

  return {
    async observe(res, requestId, run, headers, transport = 'http') {
      const observation: Observation = {
        requestId,
        tenantId: null,
        operationName: null,
        operationType: null,
        errorCodes: null,
        span: tracing === null ? undefined : tracing.startRequest(requestId, headers),
      };
      const started = performance.now();
      let failed = false;
      metrics.inFlight.inc();
      try {
        await current.run(observation, run);
      } catch (error) {
        failed = true;
        addCode(observation, 'INTERNAL_SERVER_ERROR');
        throw error;
      } finally {
        metrics.inFlight.dec();
        const durationMs = performance.now() - started;
        const codes = observation.errorCodes === null ? NO_CODES : [...observation.errorCodes].sort();
        // A thrown failure is answered 500 by the caller after this line.
        const status = failed && !res.headersSent ? 500 : res.statusCode;
        const outcome = codes.length > 0 ? codes.join(',') : status >= 400 ? `HTTP_${status}` : 'ok';
        const operation = metrics.operationLabel(observation.operationName);
        metrics.graphqlRequests.inc({ operation, outcome: metrics.outcomeLabel(codes[0] ?? (status >= 400 ? `HTTP_${status}` : 'ok')), transport });
        metrics.graphqlDuration.observe({ operation, transport }, durationMs / 1000);
        if (observation.span) {
          endSpan(observation.span, codes[0] ?? null, {
            'http.response.status_code': status,
            'graphql.operation.name': operation,
            'graphql.operation.type': observation.operationType ?? 'unknown',
          });
        }
        writeLine(
          {
            requestId,
            tenantId: observation.tenantId,
            operationName: observation.operationName,
            operationType: observation.operationType,
            status,
            outcome,
            durationMs: Math.round(durationMs * 10) / 10,
          },
          'graphql request',
        );
      }
    },
    currentRequestId() {
      return current.getStore()?.requestId ?? null;
    },
    noteRequest(tenantId, operationName) {
      const observation = current.getStore();
      if (!observation) return;
      observation.tenantId = tenantId;
      observation.operationName = operationName;
    },
    noteOperation(operationName, operationType) {
      const observation = current.getStore();
      if (observation) resolved(observation, operationName, operationType);
    },
    noteErrorCode(code) {
      addCode(current.getStore(), code);
    },
    instrumentUpstream(endpoint, method) {
      if (!tracing) return undefined;
      const { span, traceparent } = tracing.startUpstream(current.getStore()?.span, endpoint, method);
      return {
        headers: { traceparent },
        end: (event) => endSpan(span, event.errorCode, event.status === null ? {} : { 'http.response.status_code': event.status }),
      };
    },
    onUpstreamCall(event) {
      metrics.upstreamCalls.inc({ endpoint: event.endpoint, status_class: toStatusClass(event.status) });
      metrics.upstreamDuration.observe({ endpoint: event.endpoint }, event.durationMs / 1000);
      // The event's fields but requestId, spelled out (no rest-and-spread copy per call).
      const upstream: Omit<UpstreamCallEvent, 'requestId'> = {
        tenantId: event.tenantId,
        endpoint: event.endpoint,
        method: event.method,
        status: event.status,
        durationMs: Math.round(event.durationMs * 10) / 10,
        errorCode: event.errorCode,
        attempt: event.attempt,
      };
      if (event.cause !== undefined) upstream.cause = event.cause;
      const level = upstreamLogLevel(event.status);
      if (level === 'info') writeLine({ requestId: event.requestId, upstream }, 'upstream call');
      else safeLog[level]({ requestId: event.requestId, upstream }, 'upstream call');
    },
  };
}

/**
 * A vendor failure is news to an operator: refused or timed-out connections, 429 and 5xx at warn (the
 * vendor's side, retryable), 401/403 at error (the tenant's NCP keys or permissions need fixing). Answers
 * the client caused (400, 404, 409) stay at info with the successes.
 */
export function upstreamLogLevel(status: number | null): 'info' | 'warn' | 'error' {
  if (status === 401 || status === 403) return 'error';
  if (status === null || status === 429 || status >= 500) return 'warn';
  return 'info';
}
