import { createServer, type Server } from 'node:http';
import { createAuthenticator } from './edge/authenticate.js';
import type { Config } from './config/config.js';
import type { Context } from './graphql/context.js';
import { createExplorer, type ExplorerPageSettings } from './dev/explorer/create-explorer.js';
import { ErrorCode, createFormatError } from './common/errors.js';
import { isRecord } from './common/is-record.js';
import { createApollo } from './graphql/create-apollo.js';
import { createOperationPreparer } from './graphql/operation-preparer.js';
import { CompiledOperations } from './graphql/compiled-operations.js';
import { createGraphQLHandler } from './http/graphql-handler.js';
import { drain, listen } from './http/listen.js';
import { logClientErrors } from './http/client-error.js';
import { createPersistedQueryCache } from './graphql/persisted-query-cache.js';
import { createRequestGuard } from './edge/request-guard.js';
import { createIdempotencyStore, idempotencyTimings } from './edge/idempotency/create-store.js';
import { createIdempotency } from './edge/idempotency/run-idempotent.js';
import { createRequestLimits } from './graphql/operation-limits.js';
import { createTenantRateLimiter } from './edge/tenant-rate-limit.js';
import { createRedis } from './common/redis.js';
import { createRouter, type Lifecycle } from './http/router.js';
import { sendGraphQLError } from './http/send.js';
import { createLoaderFactory } from './loaders/create-loaders.js';
import { RequestContext } from './graphql/request-context.js';
import { createLiveProgress } from './live/create-live-progress.js';
import { attachLiveServer } from './live/ws-server.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMcp } from './mcp/create-mcp.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { createRequestObserver, type RequestObservation, type RequestObserver } from './observability/request-observer.js';
import { createTracing } from './observability/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { buildGatewaySchema } from './graphql/schema.js';
import type { Tenant } from './config/tenants.js';
import { VendorClient } from './upstream/client.js';
import { createVendorTimeReader } from './upstream/time.js';

export interface GatewayDeps {
  logger?: Logger;
  /** Extra tenants (the sandbox's demo tenant) on top of config.tenants. */
  tenants?: readonly Tenant[];
  /** What the explorer page opens with (the sandbox passes its demo key and example mutation). */
  explorer?: ExplorerPageSettings;
  /** Prometheus metrics served at /metrics; a fresh registry per gateway by default. */
  metrics?: Metrics;
  /** Replaces the configured span exporter (tests use an in-memory one); turns tracing on. */
  spanExporter?: SpanExporter;
}

export interface Gateway {
  /** Listens on config.host:config.port; resolves with the base URL (http://host:port). */
  start(): Promise<string>;
  /** Graceful stop: readiness off, in-flight requests finish within the grace period, pools close. */
  stop(): Promise<void>;
  readonly url: string;
}

/** Builds the whole gateway; nothing listens until start(). No side effects on import. */
export function createGateway(config: Config, deps: GatewayDeps = {}): Gateway {
  const log = deps.logger ?? createLogger(config.logLevel);
  for (const problem of config.warnings) log.warn({ problem }, 'configuration looks wrong');
  const tenants = [...config.tenants, ...(deps.tenants ?? [])];
  const authenticate = createAuthenticator(tenants);
  const readVendorTime = createVendorTimeReader(config.timeZone);
  const metrics = deps.metrics ?? createMetrics();
  const tracing = createTracing(config.tracing, deps.spanExporter);
  const observer = createRequestObserver(log, metrics, tracing);
  const vendor = createVendorClient(config, observer, metrics, log);
  const schema = buildGatewaySchema();
  const live = createLiveProgress(config, log);
  // The executor tells which request each execution error (or throw) belongs to, for the masked error's log line.
  const requestOfError = new WeakMap<object, string>();
  const requestOf = (error: unknown) => (isRecord(error) ? requestOfError.get(error) : undefined);
  const formatError = createFormatError((original, error) =>
    log.error({ requestId: requestOf(error) ?? requestOf(original) ?? null, err: original }, 'unexpected error (masked for the client)'),
  );
  const redis = config.redisUrl ? createRedis(config.redisUrl, 'mi-gateway', config.redisTimeoutMs) : null;
  // ioredis reconnects on its own; without a listener an 'error' event would crash the process.
  redis?.on('error', (error: Error) => log.warn({ err: error }, 'redis connection error'));
  const persistedQueries = createPersistedQueryCache();
  const requestLimits = createRequestLimits(config.limits);
  const operations = createOperationPreparer({ schema, validationRules: requestLimits.validationRules, parseOptions: requestLimits.parseOptions });
  const compiledOperations = new CompiledOperations(config.compiledOperations);
  const apollo = createApollo({
    schema,
    introspection: config.introspection,
    limits: requestLimits,
    persistedQueries,
    compiledOperations,
    formatError,
    report: {
      onOperation: (context, operationName, operationType) => context.observation?.noteOperation(operationName, operationType),
      onErrors: (context, errors) => {
        for (const error of errors) if (isRecord(error)) requestOfError.set(error, context.requestId);
      },
    },
    log,
  });

  const createLoaders = createLoaderFactory();
  const shared = { config, readVendorTime, live, log, createLoaders };
  const contextFor = (tenant: Tenant, requestId: string, observation?: RequestObservation): Context =>
    new RequestContext(
      shared,
      tenant,
      requestId,
      vendor.forTenant(tenant, requestId, observation ? observation.instrumentUpstream : observer.instrumentUpstream),
      observation ?? null,
    );
  const rateLimiter = createTenantRateLimiter({ redis });
  const onStoreError = (error: unknown) => log.warn({ err: error }, 'idempotency store failed');
  const idempotency = createIdempotency(createIdempotencyStore(redis, config.idempotency.memoryMaxBytesPerTenant), {
    ...idempotencyTimings(config.upstream.timeoutMs),
    maxAnswerBytes: config.idempotency.maxAnswerBytes,
    maxHeldBytesPerTenant: config.idempotency.memoryMaxBytesPerTenant,
    onStoreError,
  });
  const guard = createRequestGuard({
    rateLimiter,
    idempotency,
    lookupPersistedQuery: persistedQueries.lookup,
    onRejection: (reason) => metrics.rejections.inc({ reason }),
    onStoreError,
    // A replay never reaches Apollo: its request line gets the tenant and operation from here.
    onReplay: (observation, tenantId, operationName) => {
      observation.noteOperation(operationName, 'mutation');
      log.info({ requestId: observation.requestId, tenantId, operationName, operationType: 'mutation' }, 'idempotent replay');
    },
    operationTypeOf: (query, operationName) => operations.operationTypeOf(query, operationName),
  });
  const explorer = config.explorer ? createExplorer('/graphql', deps.explorer) : null;
  const handleGraphQL = createGraphQLHandler({
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    authenticate,
    contextFor,
    guard,
  });

  const mcp = config.mcp
    ? createMcp({
        schema,
        apollo,
        authenticate,
        contextFor,
        rateLimiter,
        idempotency,
        observer,
        metrics,
        log,
        maxBodyBytes: config.maxBodyBytes,
        maxWaitMs: 45_000,
      })
    : null;

  let lifecycle: Lifecycle = 'starting';
  const handle = createRouter({ handleGraphQL, mcp, explorer, observer, metrics, lifecycle: () => lifecycle });

  const server: Server = createServer(
    {
      keepAliveTimeout: 65_000,
      // Slow clients (a dribbled body, headers that never end) get 408 within these, not Node's 300 s default;
      // expiry is checked every second (Node's default: every 30 s).
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log.error({ requestId: res.getHeader('x-request-id'), err: error }, 'request handling failed');
        if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
        else res.destroy();
      });
    },
  );
  logClientErrors(server, { ...config.http, log });
  const liveServer = attachLiveServer({
    server,
    schema,
    authenticate,
    contextFor,
    formatError,
    log,
    production: config.production,
    operations,
    rateLimit: (tenant) => rateLimiter.consume(tenant),
  });
  let url = '';

  return {
    get url() {
      return url;
    },
    async start() {
      await apollo.start();
      url = await listen(server, config.port, config.host);
      lifecycle = 'ready';
      return url;
    },
    async stop() {
      if (lifecycle === 'draining') return;
      lifecycle = 'draining';
      // Live streams first: each completes, then its socket closes with 1001 (upgraded sockets would hold server.close()).
      await live.close();
      await liveServer.close();
      await mcp?.close();
      await drain(server, config.shutdownGraceMs, log);
      await apollo.stop();
      await vendor.close();
      await tracing?.shutdown();
      // Answers that ran but could not be stored yet (Redis down): a last, bounded chance to keep them.
      if (!(await idempotency.held.flush(2 * config.redisTimeoutMs)))
        log.error({ held: idempotency.held.size() }, 'idempotency answers or releases not stored at shutdown; retries with their keys get 422 (not run again)');
      idempotency.close();
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}

/** The signed vendor client, reporting each call to the request observer and circuit changes to logs and metrics. */
function createVendorClient(config: Config, observer: RequestObserver, metrics: Metrics, log: Logger): VendorClient {
  // Origins whose circuit is open: "closed" is logged only for one that had opened.
  const openCircuits = new Set<string>();
  return new VendorClient({
    upstream: config.upstream,
    defaultBaseUrl: config.defaultBaseUrl,
    onCall: (event) => observer.onUpstreamCall(event),
    onRefusal: (reason) => metrics.rejections.inc({ reason }),
    onCircuitChange: (originHost, open) => {
      metrics.upstreamCircuitOpen.set({ origin_host: originHost }, open ? 1 : 0);
      if (open) {
        openCircuits.add(originHost);
        log.warn({ originHost }, 'upstream circuit opened: calls to this origin fail fast');
      } else if (openCircuits.delete(originHost)) log.info({ originHost }, 'upstream circuit closed');
    },
  });
}
