import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reasons a request is refused before execution; extend as limits are added (bounded on purpose). */
export type RejectionReason =
  | 'rate_limit'
  | 'idempotency_reused'
  | 'idempotency_invalid_key'
  | 'idempotency_in_progress'
  | 'idempotency_orphaned'
  | 'circuit_open'
  | 'tenant_concurrency'
  | 'body_too_large'
  | 'depth_limit'
  | 'cost_limit'
  | 'draining'
  | (string & {});

export interface Metrics {
  readonly registry: Registry;
  /** `transport`: http (POST or GET /graphql) or mcp (a tool call at /mcp). */
  readonly graphqlRequests: Counter<'operation' | 'outcome' | 'transport'>;
  readonly graphqlDuration: Histogram<'operation' | 'transport'>;
  readonly inFlight: GaugeTally;
  readonly upstreamCalls: Counter<'endpoint' | 'status_class'>;
  readonly upstreamDuration: Histogram<'endpoint'>;
  /** Requests refused by a limit (rate limit, size, depth): `metrics.rejections.inc({ reason: 'rate_limit' })`. */
  readonly rejections: Counter<'reason'>;
  /** 1 while an upstream origin's circuit is open (or half-open), else 0; one series per configured origin host. */
  readonly upstreamCircuitOpen: Gauge<'origin_host'>;
  /** Maps a client-chosen label value onto a bounded set (see createLabelLimiter). */
  /** MCP tool calls (src/mcp/); tool names come from the files of mcp/tools/, a bounded set. */
  readonly mcpToolCalls: Counter<'tool' | 'outcome'>;
  readonly operationLabel: (operationName: string | null) => string;
  readonly outcomeLabel: (outcome: string) => string;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A Prometheus registry of its own (several gateways in one process, e.g. tests, never collide). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    graphqlRequests: new Counter({
      name: 'mi_gateway_graphql_requests_total',
      help: 'GraphQL requests by operation name, outcome (ok or the first error code) and transport (http or mcp)',
      labelNames: ['operation', 'outcome', 'transport'],
      registers,
    }),
    graphqlDuration: new Histogram({
      name: 'mi_gateway_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name and transport (http or mcp)',
      labelNames: ['operation', 'transport'],
      buckets: SECONDS,
      registers,
    }),
    inFlight: scrapedGauge({ name: 'mi_gateway_graphql_requests_in_flight', help: 'GraphQL requests being served', registers }),
    upstreamCalls: new Counter({
      name: 'mi_gateway_upstream_calls_total',
      help: 'Calls to the Media Intelligence API by endpoint and HTTP status class',
      labelNames: ['endpoint', 'status_class'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'mi_gateway_upstream_call_duration_seconds',
      help: 'Media Intelligence API call latency',
      labelNames: ['endpoint'],
      buckets: SECONDS,
      registers,
    }),
    rejections: new Counter({
      name: 'mi_gateway_rejections_total',
      help: 'Requests or upstream calls refused by a limit, an open circuit or a tenant cap',
      labelNames: ['reason'],
      registers,
    }),
    mcpToolCalls: new Counter({
      name: 'mi_gateway_mcp_tool_calls_total',
      help: 'MCP tool calls at /mcp by tool and outcome (ok or the error code); each also counts as a GraphQL request',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    upstreamCircuitOpen: new Gauge({
      name: 'mi_gateway_upstream_circuit_open',
      help: 'Whether the circuit breaker of an upstream origin is open (1) or closed (0)',
      labelNames: ['origin_host'],
      registers,
    }),
    operationLabel: createLabelLimiter(100, (name) => (name === null ? 'anonymous' : GRAPHQL_NAME.test(name) ? name : 'invalid')),
    outcomeLabel: createLabelLimiter(50, (outcome) => (ERROR_CODE.test(outcome) ? outcome : 'OTHER')),
  };
}

/** An unlabelled number kept in a plain variable on the request path and handed to Prometheus when scraped. */
export interface GaugeTally {
  inc(): void;
  dec(): void;
}
type TallyConfig = { name: string; help: string; registers: Registry[] };

function scrapedGauge(config: TallyConfig): GaugeTally {
  let value = 0;
  new Gauge({
    ...config,
    collect() {
      this.set(value);
    },
  });
  return { inc: () => void (value += 1), dec: () => void (value -= 1) };
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const ERROR_CODE = /^(ok|[A-Z][A-Z0-9_]{0,63})$/;

/**
 * Operation names are chosen by clients: the first `max` distinct values are kept, later ones count
 * as "other", so a client cannot grow the series without bound.
 */
export function createLabelLimiter<T>(max: number, normalise: (value: T) => string): (value: T) => string {
  const seen = new Set<string>();
  // Raw value -> label for values already labelled, so the common case skips the regex; bounded like the labels.
  const known = new Map<T, string>();
  return (value) => {
    const cached = known.get(value);
    if (cached !== undefined) return cached;
    const label = normalise(value);
    if (!seen.has(label)) {
      if (seen.size >= max) return 'other';
      seen.add(label);
    }
    if (known.size < max * 4) known.set(value, label);
    return label;
  };
}

export function toStatusClass(status: number | null): string {
  return status === null ? 'none' : `${Math.floor(status / 100)}xx`;
}
