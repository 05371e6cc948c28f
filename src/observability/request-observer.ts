import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { InstrumentCall, UpstreamCallEvent } from '../upstream/client.js';
import { createInfoLineWriter, safeFieldsLogger, type Logger } from './logger.js';
import { toStatusClass, type Metrics } from './metrics.js';
import { endSpan, type Tracing } from './tracing.js';

/** How a GraphQL request arrived: the `transport` label of the request metrics. */
export type Transport = 'http' | 'mcp';

/**
 * One GraphQL request's facts for its log line, metrics and span, handed to the stages that know them
 * (passed down as a value: the edge, the context, the executor), not found through async context.
 */
export interface RequestObservation {
  readonly requestId: string;
  /** The edge found the caller's tenant. */
  noteTenant(tenantId: string): void;
  /**
   * The operation as far as it is known: the name the client sent (type null) at the edge, then the one
   * that runs (the executor, or an idempotent replay of a mutation).
   */
  noteOperation(operationName: string | null, operationType: string | null): void;
  /** An error code of the answer (a refusal at the edge, or each error of a GraphQL answer). */
  noteErrorCode(code: unknown): void;
  /** Traces each upstream call of this request as a child of its span (undefined when tracing is off). */
  readonly instrumentUpstream: InstrumentCall | undefined;
}

export interface ObserveOptions {
  /** The request's headers: a caller's W3C traceparent continues its trace. */
  headers?: IncomingHttpHeaders;
  /** The `transport` label of the request metrics; default http. */
  transport?: Transport;
}

export interface RequestObserver {
  /**
   * Runs one GraphQL request (a POST or GET /graphql, or an MCP tool call: `transport`): in-flight gauge,
   * then one log line and the request metrics, whatever `run` does.
   */
  observe(res: ServerResponse, requestId: string, run: (observation: RequestObservation) => Promise<void>, options?: ObserveOptions): Promise<void>;
  /** For VendorClient onCall: one log line and the upstream metrics per call. */
  onUpstreamCall(event: UpstreamCallEvent): void;
  /** Traces upstream calls made outside a request (a subscription's polls) as root spans; undefined when tracing is off. */
  readonly instrumentUpstream: InstrumentCall | undefined;
}

const NO_CODES: readonly string[] = [];

/** Each upstream call as a span (a child of `parent` when there is one), its traceparent sent to the vendor. */
function upstreamInstrument(tracing: Tracing | null, parent: Span | undefined): InstrumentCall | undefined {
  if (tracing === null) return undefined;
  return (endpoint, method) => {
    const { span, traceparent } = tracing.startUpstream(parent, endpoint, method);
    return {
      headers: { traceparent },
      end: (event) => endSpan(span, event.errorCode, event.status === null ? {} : { 'http.response.status_code': event.status }),
    };
  };
}

class Observation implements RequestObservation {
  tenantId: string | null = null;
  operationName: string | null = null;
  operationType: string | null = null;
  /** Made on the first error only: most requests have none. */
  errorCodes: Set<string> | null = null;
  readonly span: Span | undefined;
  readonly instrumentUpstream: InstrumentCall | undefined;

  constructor(
    readonly requestId: string,
    tracing: Tracing | null,
    headers: IncomingHttpHeaders | undefined,
  ) {
    this.span = tracing?.startRequest(requestId, headers);
    this.instrumentUpstream = upstreamInstrument(tracing, this.span);
  }

  noteTenant(tenantId: string): void {
    this.tenantId = tenantId;
  }

  noteOperation(operationName: string | null, operationType: string | null): void {
    this.operationName = operationName;
    this.operationType = operationType;
    if (operationType !== null) this.span?.updateName(`graphql ${operationType} ${operationName ?? 'anonymous'}`);
  }

  noteErrorCode(code: unknown): void {
    (this.errorCodes ??= new Set()).add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  }
}

/** Request logging and metrics: one observation per request, written when the request ends. */
export function createRequestObserver(logger: Logger, metrics: Metrics, tracing: Tracing | null = null): RequestObserver {
  // Both lines below carry only known-safe scalar fields (see safeFieldsLogger).
  const safeLog = safeFieldsLogger(logger);
  const writeLine = createInfoLineWriter(safeLog);

  return {
    instrumentUpstream: upstreamInstrument(tracing, undefined),
    async observe(res, requestId, run, { headers, transport = 'http' } = {}) {
      const observation = new Observation(requestId, tracing, headers);
      const started = performance.now();
      let failed = false;
      metrics.inFlight.inc();
      try {
        await run(observation);
      } catch (error) {
        failed = true;
        observation.noteErrorCode('INTERNAL_SERVER_ERROR');
        throw error;
      } finally {
        metrics.inFlight.dec();
        const durationMs = performance.now() - started;
        const codes = observation.errorCodes === null ? NO_CODES : [...observation.errorCodes].sort();
        // A thrown failure is answered 500 by the caller after this line.
        const status = failed && !res.headersSent ? 500 : res.statusCode;
        // The log line names every code; the metric label, bounded, only the first.
        const first = codes[0] ?? (status >= 400 ? `HTTP_${status}` : 'ok');
        const outcome = codes.length > 1 ? codes.join(',') : first;
        const operation = metrics.operationLabel(observation.operationName);
        metrics.graphqlRequests.inc({ operation, outcome: metrics.outcomeLabel(first), transport });
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
