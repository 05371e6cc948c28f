import { Pool } from 'undici';
import type { UpstreamConfig } from '../config.js';
import { ErrorCode, GatewayError, isGatewayError } from '../errors.js';
import type { Tenant } from '../tenants.js';
import { fromTransportError, readVendorError, toGatewayError, unreadableAnswer } from './map-error.js';
import { signHeaders } from './sign.js';

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
}

export interface VendorClientOptions {
  upstream: UpstreamConfig;
  defaultBaseUrl: string;
  /** Called once per upstream call (logs, metrics); must not throw. */
  onCall?: (event: UpstreamCallEvent) => void;
  /** Called as a call starts (tracing): extra headers to send (traceparent) and a hook for its end. */
  instrument?: (endpoint: string, method: HttpMethod) => { headers: Record<string, string>; end(event: UpstreamCallEvent): void } | undefined;
  now?: () => number;
}

/** One tenant's view of the vendor: every call is signed with this tenant's keys only. */
export interface TenantVendor {
  readonly tenantId: string;
  call<T>(request: VendorRequest): Promise<T>;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' } as const;

/**
 * Owns one keep-alive undici Pool per upstream origin (shared by every tenant that uses that
 * origin; credentials are per request, never per connection). Never retries: a POST reaches the
 * vendor at most once per call (CONTRACT.md).
 */
export class VendorClient {
  private readonly pools = new Map<string, Pool>();
  private readonly now: () => number;

  constructor(private readonly options: VendorClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `requestId` goes on the call's log line and, as `x-request-id`, to the vendor (not signed; correlation only). */
  forTenant(tenant: Tenant, requestId: string | null = null): TenantVendor {
    const base = new URL(tenant.baseUrl ?? this.options.defaultBaseUrl);
    const pool = this.poolFor(base.origin);
    const prefix = base.pathname.replace(/\/+$/, '');
    return {
      tenantId: tenant.id,
      call: <T>(request: VendorRequest) => this.send<T>(pool, prefix, tenant, requestId, request),
    };
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      const { upstream } = this.options;
      pool = new Pool(origin, {
        connections: upstream.connectionsPerOrigin,
        connect: { timeout: upstream.connectTimeoutMs },
        headersTimeout: upstream.timeoutMs,
        bodyTimeout: upstream.timeoutMs,
        keepAliveTimeout: 30_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private async send<T>(pool: Pool, prefix: string, tenant: Tenant, requestId: string | null, request: VendorRequest): Promise<T> {
    const started = performance.now();
    const path = prefix + request.path;
    const instrumented = this.options.instrument?.(request.endpoint, request.method);
    const headers = {
      ...JSON_HEADERS,
      ...instrumented?.headers,
      ...(requestId === null ? {} : { 'x-request-id': requestId }),
      ...signHeaders({ method: request.method, pathWithQuery: path, timestamp: String(this.now()), accessKey: tenant.accessKey, secretKey: tenant.secretKey }),
    };
    let status: number | null = null;
    try {
      const res = await pool.request({
        method: request.method,
        path,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: request.signal ?? null,
      });
      status = res.statusCode;
      const text = await readCapped(res.body, this.options.upstream.maxResponseBytes, res.headers['content-length']);
      const payload = parseJson(text);
      const retryAfter = headerValue(res.headers['retry-after']);
      if (status >= 300) throw toGatewayError(status, payload === INVALID ? null : payload, retryAfter);
      if (payload === INVALID || !isRecord(payload)) throw unreadableAnswer(status, 'body is not a JSON object');
      const vendorCode = readVendorError(payload).code;
      if (vendorCode !== null && vendorCode !== '0') throw toGatewayError(status, payload, retryAfter);
      this.report(tenant, requestId, request, status, started, null, instrumented);
      return (request.envelope ? payload : payload.result) as T;
    } catch (error) {
      const mapped = isGatewayError(error) ? error : fromTransportError(error, request.endpoint);
      this.report(tenant, requestId, request, status, started, mapped.code, instrumented);
      throw mapped;
    }
  }

  private report(tenant: Tenant, requestId: string | null, request: VendorRequest, status: number | null, started: number, errorCode: ErrorCode | null, instrumented?: { end(event: UpstreamCallEvent): void }): void {
    const event: UpstreamCallEvent = {
      requestId,
      tenantId: tenant.id,
      endpoint: request.endpoint,
      method: request.method,
      status,
      durationMs: performance.now() - started,
      errorCode,
    };
    instrumented?.end(event);
    this.options.onCall?.(event);
  }
}

const INVALID = Symbol('invalid-json');

function parseJson(text: string): unknown {
  if (text.length === 0) return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** Reads the whole body, failing fast past `maxBytes`; the body is always consumed or destroyed. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, maxBytes: number, contentLength: string | string[] | undefined): Promise<string> {
  const declared = Number(headerValue(contentLength) ?? NaN);
  if (declared > maxBytes) {
    body.destroy();
    throw new GatewayError('The Media Intelligence API sent an answer larger than allowed', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: `content-length ${declared}` });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new GatewayError('The Media Intelligence API sent an answer larger than allowed', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: `over ${maxBytes} bytes` });
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
