import { createDeadline } from './deadline.js';
import { Pool } from 'undici';
import type { UpstreamConfig } from '../config/config.js';
import { isGatewayError, type ErrorCode } from '../common/errors.js';
import type { Tenant } from '../config/tenants.js';
import { fromTransportError, readVendorError, toUpstreamError, unreadableAnswer, type ConflictMeaning } from './map-error.js';
import { createOriginBreaker, type OriginBreaker } from './origin-breaker.js';
import { isRecord } from '../common/is-record.js';
import { INVALID, headerValue, parseJson, readCapped } from './read-answer.js';
import { createReadRetry, type ReadRetry } from './read-retry.js';
import { ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from './sign.js';
import { createTenantConcurrency, type TenantConcurrency } from './tenant-concurrency.js';
import { isUpstreamRefusal, type RefusalReason } from './upstream-refusal.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface VendorRequest {
  method: HttpMethod;
  /** Request-target below the base URL, already encoded: `/api/v1/…?query`. Signed exactly as sent. */
  path: string;
  body?: unknown;
  /** Bounded label for logs and metrics (`analyze`, `index-status`, …); never carries ids. */
  endpoint: string;
  signal?: AbortSignal;
  /** Resolve with the whole success envelope instead of its `result` (for fields beside it, reference §5). */
  envelope?: boolean;
  /** false: a GET is not retried here (the live pollers back off on their own). Other methods never are. */
  retry?: boolean;
  /** What a 409 answer means for this call; default `invalid-state` (see ConflictMeaning). */
  conflict?: ConflictMeaning;
}

export interface UpstreamCallEvent {
  /** The GraphQL request that caused the call (null for work not tied to one request). */
  requestId: string | null;
  tenantId: string;
  endpoint: string;
  method: HttpMethod;
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  durationMs: number;
  errorCode: ErrorCode | null;
  /** 1 for the first attempt, 2… for retries of a GET. */
  attempt: number;
  /** Why no answer arrived: the transport error's code or name (`ECONNREFUSED`, `TimeoutError`), never its message. */
  cause?: string;
}

export interface VendorClientOptions {
  upstream: UpstreamConfig;
  defaultBaseUrl: string;
  /** Called once per upstream call (logs, metrics); must not throw. */
  onCall?: (event: UpstreamCallEvent) => void;
  /** Called when the gateway refuses a call itself (open circuit, tenant concurrency); must not throw. */
  onRefusal?: (reason: RefusalReason) => void;
  /** Called when an origin's circuit opens or closes (and once, closed, when the origin is first used). */
  onCircuitChange?: (originHost: string, open: boolean) => void;
  now?: () => number;
}

interface Origin {
  pool: Pool;
  breaker: OriginBreaker;
}

/** What a base URL resolves to, worked out once per base URL (they come from configuration: bounded). */
interface Route {
  origin: Origin;
  /** The base URL's path without trailing slashes, put before every request path. */
  prefix: string;
}

/** Called as a call starts (tracing): extra headers to send (traceparent) and a hook for its end. */
export type InstrumentCall = (endpoint: string, method: HttpMethod) => { headers: Record<string, string>; end(event: UpstreamCallEvent): void } | undefined;

/** Who a call is made for: the tenant whose keys sign it, and the GraphQL request it belongs to (if any). */
interface Caller {
  tenant: Tenant;
  /** On the call's log line and, as `x-request-id`, to the vendor (not signed; correlation only). */
  requestId: string | null;
  instrument: InstrumentCall | undefined;
}

/** One tenant's view of the vendor: every call is signed with this tenant's keys only. */
export interface TenantVendor {
  readonly tenantId: string;
  call<T>(request: VendorRequest): Promise<T>;
}

/**
 * Owns one keep-alive undici Pool and one circuit breaker per upstream origin (shared by every tenant
 * that uses that origin; credentials are per request, never per connection). Each call passes, in this
 * order: the tenant's concurrency cap, the origin's circuit, then one signed attempt. Only GETs are
 * retried (a fresh signature and timestamp per attempt); a POST, PATCH or DELETE reaches the vendor at
 * most once per call (CONTRACT.md).
 */
export class VendorClient {
  private readonly origins = new Map<string, Origin>();
  private readonly routes = new Map<string, Route>();
  private readonly now: () => number;
  private readonly readRetry: ReadRetry;
  private readonly concurrency: TenantConcurrency;

  constructor(private readonly options: VendorClientOptions) {
    this.now = options.now ?? Date.now;
    const { upstream } = options;
    this.readRetry = createReadRetry({ retries: upstream.readRetries, deadlineMs: upstream.readDeadlineMs, retryAfterMaxMs: upstream.retryAfterMaxMs });
    this.concurrency = createTenantConcurrency({ limit: upstream.maxConcurrencyPerTenant, maxWaitMs: upstream.tenantQueueTimeoutMs });
  }

  /**
   * `requestId` goes on the call's log line and, as `x-request-id`, to the vendor (not signed; correlation
   * only); `instrument` traces each call as a child of the request's span.
   */
  forTenant(tenant: Tenant, requestId: string | null = null, instrument?: InstrumentCall): TenantVendor {
    const route = this.routeFor(tenant.baseUrl ?? this.options.defaultBaseUrl);
    const caller: Caller = { tenant, requestId, instrument };
    return {
      tenantId: tenant.id,
      call: <T>(request: VendorRequest) => this.call<T>(route, caller, request),
    };
  }

  async close(): Promise<void> {
    const pools = [...this.origins.values()].map((origin) => origin.pool);
    this.origins.clear();
    this.routes.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }

  /** Parsing the URL and finding the pool once per base URL, not on every request. */
  private routeFor(baseUrl: string): Route {
    let route = this.routes.get(baseUrl);
    if (!route) {
      const base = new URL(baseUrl);
      route = { origin: this.originFor(base), prefix: base.pathname.replace(/\/+$/, '') };
      this.routes.set(baseUrl, route);
    }
    return route;
  }

  private originFor(base: URL): Origin {
    let origin = this.origins.get(base.origin);
    if (!origin) {
      const { upstream, onCircuitChange } = this.options;
      const pool = new Pool(base.origin, {
        connections: upstream.connectionsPerOrigin,
        connect: { timeout: upstream.connectTimeoutMs },
        headersTimeout: upstream.timeoutMs,
        bodyTimeout: upstream.timeoutMs,
        keepAliveTimeout: 30_000,
      });
      // The host comes from configuration (tenants file, MI_BASE_URL), never from clients: a bounded label.
      const breaker = createOriginBreaker(base.host, {
        failures: upstream.breakerFailures,
        halfOpenMs: upstream.breakerHalfOpenMs,
        ...(onCircuitChange ? { onOpenChange: (open: boolean) => onCircuitChange(base.host, open) } : {}),
      });
      origin = { pool, breaker };
      this.origins.set(base.origin, origin);
    }
    return origin;
  }

  private call<T>(route: Route, caller: Caller, request: VendorRequest): Promise<T> {
    if (request.method !== 'GET' || request.retry === false) return this.attempt<T>(route, caller, request, 1);
    return this.readRetry.run((attemptNo) => this.attempt<T>(route, caller, request, attemptNo), request.signal);
  }

  private async attempt<T>(route: Route, caller: Caller, request: VendorRequest, attemptNo: number): Promise<T> {
    const { origin } = route;
    try {
      return await this.concurrency.run(caller.tenant.id, () => origin.breaker.run(() => this.send<T>(origin.pool, route.prefix, caller, request, attemptNo)));
    } catch (error) {
      if (isUpstreamRefusal(error)) this.options.onRefusal?.(error.reason);
      throw error;
    }
  }

  /** One attempt: headers (timestamp, signature, traceparent) are made here, so every retry is signed anew. */
  private async send<T>(pool: Pool, prefix: string, caller: Caller, request: VendorRequest, attemptNo: number): Promise<T> {
    const { tenant, requestId } = caller;
    const started = performance.now();
    const path = prefix + request.path;
    const instrumented = caller.instrument?.(request.endpoint, request.method);
    const timestamp = String(this.now());
    const signature = sign({ method: request.method, pathWithQuery: path, timestamp, accessKey: tenant.accessKey, secretKey: tenant.secretKey });
    // A flat [name, value, …] list: undici takes it as is (an object costs it Object.keys and lookups).
    const headers = [
      'content-type',
      'application/json',
      'accept',
      'application/json',
      TIMESTAMP_HEADER,
      timestamp,
      ACCESS_KEY_HEADER,
      tenant.accessKey,
      SIGNATURE_HEADER,
      signature,
    ];
    if (requestId !== null) headers.push('x-request-id', requestId);
    if (instrumented) for (const name in instrumented.headers) headers.push(name, instrumented.headers[name]!);
    let status: number | null = null;
    // headersTimeout and bodyTimeout bound each wait between bytes; this bounds the whole answer, so an
    // upstream dripping a byte at a time cannot hold a request (or a drain) for long.
    const deadline = createDeadline(this.options.upstream.timeoutMs, request.signal);
    try {
      const res = await pool.request({
        method: request.method,
        path,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: deadline.signal,
      });
      status = res.statusCode;
      const retryAfter = headerValue(res.headers['retry-after']);
      let text: string;
      try {
        text = await readCapped(res.body, this.options.upstream.maxResponseBytes, res.headers['content-length']);
      } catch (error) {
        // Too large to read: an error answer still maps by its status; either way with extensions.upstream.
        if (isGatewayError(error))
          throw status >= 300 ? toUpstreamError(status, null, retryAfter, request.conflict) : unreadableAnswer(status, 'answer larger than allowed');
        throw error;
      }
      const payload = parseJson(text);
      if (status >= 300) throw toUpstreamError(status, payload === INVALID ? null : payload, retryAfter, request.conflict);
      if (payload === INVALID || !isRecord(payload)) throw unreadableAnswer(status, 'body is not a JSON object');
      const vendorCode = readVendorError(payload).code;
      if (vendorCode !== null && vendorCode !== '0') throw toUpstreamError(status, payload, retryAfter, request.conflict);
      this.report({ caller, request, attempt: attemptNo, status, started, errorCode: null, instrumented });
      return (request.envelope ? payload : payload.result) as T;
    } catch (error) {
      const mapped = isGatewayError(error) ? error : fromTransportError(error, request.endpoint);
      const cause = isGatewayError(error) ? undefined : transportCause(error);
      this.report({ caller, request, attempt: attemptNo, status, started, errorCode: mapped.code, instrumented, cause });
      throw mapped;
    } finally {
      deadline.clear();
    }
  }

  private report(call: CallReport): void {
    const { caller, request, attempt, status, started, errorCode, instrumented, cause } = call;
    const event: UpstreamCallEvent = {
      requestId: caller.requestId,
      tenantId: caller.tenant.id,
      endpoint: request.endpoint,
      method: request.method,
      status,
      durationMs: performance.now() - started,
      errorCode,
      attempt,
    };
    if (cause !== undefined) event.cause = cause;
    instrumented?.end(event);
    this.options.onCall?.(event);
  }
}

/** One finished attempt, for its log line, metrics and span. */
interface CallReport {
  caller: Caller;
  request: VendorRequest;
  attempt: number;
  status: number | null;
  started: number;
  errorCode: ErrorCode | null;
  instrumented: { end(event: UpstreamCallEvent): void } | undefined;
  cause?: string | undefined;
}

/** A transport error's code or name only: its message may quote hosts or headers. */
function transportCause(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
}
