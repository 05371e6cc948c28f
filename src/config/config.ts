import { z } from 'zod';
import { ConfigError, isHttpUrl, stripTrailingSlash } from './config-error.js';
import { readTenantsFile } from './tenants-file.js';
import { loadTenants, unreadTenantFields, type Tenant } from './tenants.js';

export { ConfigError } from './config-error.js';

export type AnalyzeEndpoint = 'analyze' | 'index';

export interface UpstreamConfig {
  connectTimeoutMs: number;
  /** Time allowed for the vendor's response headers, and between body chunks. */
  timeoutMs: number;
  maxResponseBytes: number;
  connectionsPerOrigin: number;
  /** Extra attempts for a failed GET (retryable failures only); POST/PATCH/DELETE are never retried. */
  readRetries: number;
  /** No GET retry starts, or waits, past this long after the first attempt began. */
  readDeadlineMs: number;
  /** A 429's Retry-After up to this is waited out (GETs); beyond it RATE_LIMITED is answered at once. */
  retryAfterMaxMs: number;
  /** Consecutive 5xx/timeout/connection failures of one origin that open its circuit. */
  breakerFailures: number;
  /** How long an open circuit fails fast before one trial call may pass (half-open). */
  breakerHalfOpenMs: number;
  /** Upstream calls one tenant may have in flight, over all its requests and pollers. */
  maxConcurrencyPerTenant: number;
  /** Longest a call waits for one of its tenant's slots before RATE_LIMITED. */
  tenantQueueTimeoutMs: number;
}

/** Node http server timeouts for clients (a slow client is answered 408 and logged). */
export interface HttpServerConfig {
  /** Time allowed for a client's complete request headers. */
  headersTimeoutMs: number;
  /** Time allowed for a client's complete request, headers and body. */
  requestTimeoutMs: number;
}

export interface TracingConfig {
  /** null: tracing off (the default). On when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER is set. */
  exporter: 'otlp' | 'console' | null;
  /** OTLP/HTTP base URL (spans go to `<endpoint>/v1/traces`); null = the exporter's default. */
  otlpEndpoint: string | null;
}

/** Per-operation caps enforced before execution (src/graphql/operation-limits.ts). */
export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Byte caps of kept Idempotency-Key answers (src/edge/idempotency/). */
export interface IdempotencyLimits {
  /** Largest answer kept for replay (memory and Redis); a larger one leaves an "answer not kept" marker. */
  maxAnswerBytes: number;
  /** Answer bytes one tenant may keep in this process (the in-memory store; with Redis, answers waiting for it). */
  memoryMaxBytesPerTenant: number;
}

export interface Config {
  /** Configuration that starts but looks wrong (fields of the tenants file nothing reads); logged at startup. */
  warnings: readonly string[];
  port: number;
  host: string;
  /** True when no TENANTS_FILE is given: the embedded emulator and a demo tenant run. */
  sandbox: boolean;
  tenants: readonly Tenant[];
  defaultBaseUrl: string;
  analyzeEndpoint: AnalyzeEndpoint;
  timeZone: string;
  production: boolean;
  logLevel: string;
  redisUrl: string | null;
  /** Connect and command timeout of every Redis call (REDIS_TIMEOUT_MS). */
  redisTimeoutMs: number;
  idempotency: IdempotencyLimits;
  explorer: boolean;
  introspection: boolean;
  /** MCP (Streamable HTTP) at /mcp: the operations of mcp/tools/ as tools. */
  mcp: boolean;
  pollIntervalMs: number;
  maxBodyBytes: number;
  /** Compiled operations kept, by query text; kept texts also skip Apollo's per-request pipeline (0: graphql-js runs everything). */
  compiledOperations: number;
  /** How long in-flight requests may finish after SIGTERM; at least upstream.timeoutMs (derived from it when unset). */
  shutdownGraceMs: number;
  http: HttpServerConfig;
  upstream: UpstreamConfig;
  tracing: TracingConfig;
  limits: RequestLimits;
}

const bool = (name: string) => z.enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` }).transform((v) => v === 'true' || v === '1');
const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
const httpUrl = (name: string) => z.string().refine((v) => isHttpUrl(v), `${name} must be an http(s) URL such as https://mi.apigw.ntruss.com`);

const EnvSchema = z.object({
  PORT: int('PORT', 0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TENANTS_FILE: z.string().min(1).optional(),
  MI_BASE_URL: httpUrl('MI_BASE_URL').default('https://mi.apigw.ntruss.com'),
  MI_ANALYZE_ENDPOINT: z.enum(['analyze', 'index'], { error: 'MI_ANALYZE_ENDPOINT must be "analyze" or "index"' }).default('index'),
  MI_TIME_ZONE: z.string().refine(isTimeZone, 'MI_TIME_ZONE must be an IANA time zone such as Asia/Seoul').default('Asia/Seoul'),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, silent (nothing logs at trace)',
    })
    .default('info'),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  REDIS_TIMEOUT_MS: int('REDIS_TIMEOUT_MS', 50, 60_000).default(1_000),
  IDEMPOTENCY_MAX_ANSWER_BYTES: int('IDEMPOTENCY_MAX_ANSWER_BYTES', 256, 64 * 1024 * 1024).default(256 * 1024),
  IDEMPOTENCY_MEMORY_MAX_BYTES: int('IDEMPOTENCY_MEMORY_MAX_BYTES', 1024, 16 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  GRAPHQL_EXPLORER: bool('GRAPHQL_EXPLORER').optional(),
  GRAPHQL_INTROSPECTION: bool('GRAPHQL_INTROSPECTION').optional(),
  MCP_ENABLED: bool('MCP_ENABLED').optional(),
  MI_POLL_INTERVAL_MS: int('MI_POLL_INTERVAL_MS', 100, 3_600_000).default(2000),
  MAX_BODY_BYTES: int('MAX_BODY_BYTES', 1024, 64 * 1024 * 1024).default(1024 * 1024),
  // Unset: derived from the upstream timeouts (shutdownGraceFor), so a drain outlasts any vendor call in flight.
  SHUTDOWN_GRACE_MS: int('SHUTDOWN_GRACE_MS', 0, 1_200_000).optional(),
  HTTP_HEADERS_TIMEOUT_MS: int('HTTP_HEADERS_TIMEOUT_MS', 1_000, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int('HTTP_REQUEST_TIMEOUT_MS', 1_000, 600_000).default(30_000),
  UPSTREAM_TIMEOUT_MS: int('UPSTREAM_TIMEOUT_MS', 100, 600_000).default(15_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: int('UPSTREAM_CONNECT_TIMEOUT_MS', 100, 60_000).default(3_000),
  UPSTREAM_MAX_RESPONSE_BYTES: int('UPSTREAM_MAX_RESPONSE_BYTES', 1024, 256 * 1024 * 1024).default(8 * 1024 * 1024),
  UPSTREAM_CONNECTIONS: int('UPSTREAM_CONNECTIONS', 1, 4096).default(128),
  UPSTREAM_READ_RETRIES: int('UPSTREAM_READ_RETRIES', 0, 10).default(2),
  UPSTREAM_READ_DEADLINE_MS: int('UPSTREAM_READ_DEADLINE_MS', 100, 600_000).default(10_000),
  UPSTREAM_RETRY_AFTER_MAX_MS: int('UPSTREAM_RETRY_AFTER_MAX_MS', 0, 60_000).default(2_000),
  UPSTREAM_BREAKER_FAILURES: int('UPSTREAM_BREAKER_FAILURES', 1, 10_000).default(5),
  UPSTREAM_BREAKER_HALF_OPEN_MS: int('UPSTREAM_BREAKER_HALF_OPEN_MS', 50, 3_600_000).default(10_000),
  UPSTREAM_MAX_CONCURRENCY_PER_TENANT: int('UPSTREAM_MAX_CONCURRENCY_PER_TENANT', 1, 4096).default(64),
  UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: int('UPSTREAM_TENANT_QUEUE_TIMEOUT_MS', 0, 600_000).default(5_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT').optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none'], { error: 'OTEL_TRACES_EXPORTER must be otlp, console or none' }).optional(),
  GRAPHQL_MAX_DEPTH: int('GRAPHQL_MAX_DEPTH', 1, 100).default(10),
  GRAPHQL_MAX_ALIASES: int('GRAPHQL_MAX_ALIASES', 0, 1000).default(15),
  GRAPHQL_MAX_DIRECTIVES: int('GRAPHQL_MAX_DIRECTIVES', 0, 1000).default(50),
  GRAPHQL_MAX_TOKENS: int('GRAPHQL_MAX_TOKENS', 100, 1_000_000).default(1000),
  GRAPHQL_MAX_COST: int('GRAPHQL_MAX_COST', 1, 10_000_000).default(5000),
  GRAPHQL_KNOWN_OPERATIONS: int('GRAPHQL_KNOWN_OPERATIONS', 0, 100_000).default(1000),
});

/**
 * Reads the whole configuration once, at startup. Pure apart from reading TENANTS_FILE.
 * Throws ConfigError listing every problem with its fix; never echoes a secret.
 */
/** Every environment variable loadConfig reads, with its default (undefined: none); README's table is checked against it. */
export function describeEnvironment(): Array<{ name: string; default: unknown }> {
  return Object.entries(EnvSchema.shape).map(([name, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    return { name, default: parsed.success ? parsed.data : undefined };
  });
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const given = blankToUndefined(env);
  const parsed = EnvSchema.safeParse(given);
  // Every problem in one start: the environment's and the tenants file's together.
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  const sandbox = given.TENANTS_FILE === undefined;
  const production = given.NODE_ENV === 'production';
  if (sandbox && production) {
    problems.push(
      'TENANTS_FILE is not set, and NODE_ENV=production never runs the sandbox (demo tenant, fake data): set TENANTS_FILE to the path of the tenants file',
    );
  }
  const tenantWarnings: string[] = [];
  let file: unknown = null;
  let tenants: Tenant[] = [];
  try {
    file = sandbox ? null : readTenantsFile(given.TENANTS_FILE!);
    tenants = file === null ? [] : loadTenants(file, env, tenantWarnings);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (parsed.success) problems.push(...timingProblems(parsed.data));
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    warnings: file === null ? [] : [...tenantWarnings, ...unreadTenantFields(file)],
    port: e.PORT,
    host: e.HOST,
    sandbox,
    tenants,
    defaultBaseUrl: stripTrailingSlash(e.MI_BASE_URL),
    analyzeEndpoint: e.MI_ANALYZE_ENDPOINT,
    timeZone: e.MI_TIME_ZONE,
    production,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL ?? null,
    redisTimeoutMs: e.REDIS_TIMEOUT_MS,
    idempotency: Object.freeze({ maxAnswerBytes: e.IDEMPOTENCY_MAX_ANSWER_BYTES, memoryMaxBytesPerTenant: e.IDEMPOTENCY_MEMORY_MAX_BYTES }),
    explorer: e.GRAPHQL_EXPLORER ?? (sandbox && !production),
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    mcp: e.MCP_ENABLED ?? !production,
    pollIntervalMs: e.MI_POLL_INTERVAL_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    compiledOperations: e.GRAPHQL_KNOWN_OPERATIONS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? shutdownGraceFor(e),
    http: Object.freeze({ headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS }),
    upstream: Object.freeze({
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      maxResponseBytes: e.UPSTREAM_MAX_RESPONSE_BYTES,
      connectionsPerOrigin: e.UPSTREAM_CONNECTIONS,
      readRetries: e.UPSTREAM_READ_RETRIES,
      readDeadlineMs: e.UPSTREAM_READ_DEADLINE_MS,
      retryAfterMaxMs: e.UPSTREAM_RETRY_AFTER_MAX_MS,
      breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
      breakerHalfOpenMs: e.UPSTREAM_BREAKER_HALF_OPEN_MS,
      maxConcurrencyPerTenant: e.UPSTREAM_MAX_CONCURRENCY_PER_TENANT,
      tenantQueueTimeoutMs: e.UPSTREAM_TENANT_QUEUE_TIMEOUT_MS,
    }),
    tracing: Object.freeze(toTracingConfig(e.OTEL_TRACES_EXPORTER, e.OTEL_EXPORTER_OTLP_ENDPOINT)),
    limits: Object.freeze({
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
    }),
  });
}

type UpstreamTimings = Pick<z.infer<typeof EnvSchema>, 'UPSTREAM_TIMEOUT_MS' | 'UPSTREAM_CONNECT_TIMEOUT_MS' | 'UPSTREAM_TENANT_QUEUE_TIMEOUT_MS'>;

/**
 * The default drain grace: the longest one vendor call can take from the moment a request asks for it
 * (waiting for a tenant slot, connecting, then the whole answer), plus a second for the gateway's own work.
 */
export function shutdownGraceFor(e: UpstreamTimings): number {
  return e.UPSTREAM_TENANT_QUEUE_TIMEOUT_MS + e.UPSTREAM_CONNECT_TIMEOUT_MS + e.UPSTREAM_TIMEOUT_MS + 1_000;
}

/** Timings that contradict each other: each would break a promise of the contract, so startup stops. */
function timingProblems(e: z.infer<typeof EnvSchema>): string[] {
  const problems: string[] = [];
  if (e.SHUTDOWN_GRACE_MS !== undefined && e.SHUTDOWN_GRACE_MS < e.UPSTREAM_TIMEOUT_MS) {
    problems.push(
      `SHUTDOWN_GRACE_MS (${e.SHUTDOWN_GRACE_MS}) is shorter than UPSTREAM_TIMEOUT_MS (${e.UPSTREAM_TIMEOUT_MS}): a drain would drop requests the vendor may still answer; ` +
        `set it to at least ${e.UPSTREAM_TIMEOUT_MS} or unset it (derived: ${shutdownGraceFor(e)})`,
    );
  }
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${e.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS}): raise the request timeout or lower the headers timeout`,
    );
  }
  return problems;
}

function toTracingConfig(exporter: 'otlp' | 'console' | 'none' | undefined, endpoint: string | undefined): TracingConfig {
  const otlpEndpoint = endpoint === undefined ? null : stripTrailingSlash(endpoint);
  if (exporter === 'none' || (exporter === undefined && otlpEndpoint === null)) return { exporter: null, otlpEndpoint };
  return { exporter: exporter ?? 'otlp', otlpEndpoint };
}

function blankToUndefined(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = env[key];
    out[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  return out;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
