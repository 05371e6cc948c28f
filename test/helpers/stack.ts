import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/dev/emulator/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/gateway.js';

export const TENANT_KEY = 'acme-client-key-1';
export const OTHER_TENANT_KEY = 'globex-client-key-1';
export const ACME = { accessKey: 'ACMEACCESSKEY0001', secretKey: 'acme-secret-key-never-logged-0001' };
export const GLOBEX = { accessKey: 'GLOBEXACCESSKEY01', secretKey: 'globex-secret-key-never-logged-01' };

/** Every log line the gateways of this test process wrote; scanned for secrets by test/integration/secrets.test.ts. */
export const capturedLogs: string[] = [];

export interface Stack {
  emulator: Emulator;
  gateway: Gateway;
  config: Config;
  logs: string[];
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse>;
  close(): Promise<void>;
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

export interface StackOptions {
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** Extra fields for the acme tenant (e.g. rateLimit). */
  acme?: Record<string, unknown>;
  /** Extra createGateway deps (e.g. an in-memory span exporter). */
  deps?: Omit<GatewayDeps, 'logger'>;
  /** Extra fields for the globex tenant (e.g. its own baseUrl). */
  globex?: Record<string, unknown>;
}

/** Emulator + gateway on 127.0.0.1:0, configured the way users do: env plus a tenants file. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ credentials: [ACME, GLOBEX], analysisStepMs: 60_000, ...options.emulator });
  const dir = mkdtempSync(join(tmpdir(), 'mi-gateway-test-'));
  const tenantsFile = join(dir, 'tenants.json');
  writeFileSync(
    tenantsFile,
    JSON.stringify({
      tenants: [
        { id: 'acme', apiKeys: [TENANT_KEY], ...ACME, baseUrl: emulator.url, ...options.acme },
        { id: 'globex', apiKeys: [OTHER_TENANT_KEY], accessKey: GLOBEX.accessKey, secretKeyEnv: 'GLOBEX_SECRET', baseUrl: emulator.url, ...options.globex },
      ],
    }),
  );
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', TENANTS_FILE: tenantsFile, GLOBEX_SECRET: GLOBEX.secretKey, LOG_LEVEL: 'debug', ...options.env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      const line = String(chunk);
      logs.push(line);
      capturedLogs.push(line);
      done();
    },
  });
  const gateway = createGateway(config, { ...options.deps, logger: createLogger(config.logLevel, sink) });
  const url = await gateway.start();
  return {
    emulator,
    gateway,
    config,
    logs,
    gql: (query, variables, headers) => gql(url, query, variables, { authorization: `Bearer ${TENANT_KEY}`, ...headers }),
    close: async () => {
      await gateway.stop();
      await emulator.close();
    },
  };
}

export interface UseStackHooks {
  /** Empty the emulator's request log before each test. */
  clearRequests?: boolean;
  /** Remove the emulator's injected faults before each test. */
  clearFaults?: boolean;
}

/**
 * One stack for the enclosing describe: started in beforeAll, closed in afterAll, and (only if asked)
 * the emulator's requests and faults cleared in beforeEach. The returned object reads the started stack
 * on every access, so tests use it like the Stack itself; touching it before beforeAll has run throws.
 */
export function useStack(options: StackOptions = {}, hooks: UseStackHooks = {}): Stack {
  let started: Stack | undefined;
  const current = (): Stack => {
    if (!started) throw new Error('useStack: the stack is used before its beforeAll hook ran');
    return started;
  };
  beforeAll(async () => {
    started = await startStack(options);
  });
  // When start-up failed, beforeAll's error is the one to see: nothing to close.
  afterAll(() => started?.close());
  if (hooks.clearRequests || hooks.clearFaults) {
    beforeEach(() => {
      if (hooks.clearRequests) current().emulator.clearRequests();
      if (hooks.clearFaults) current().emulator.clearFaults();
    });
  }
  return {
    get emulator() {
      return current().emulator;
    },
    get gateway() {
      return current().gateway;
    },
    get config() {
      return current().config;
    },
    get logs() {
      return current().logs;
    },
    gql: (query, variables, headers) => current().gql(query, variables, headers),
    close: () => current().close(),
  };
}

export async function gql(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GqlResponse['body'] };
}

/** Requests the emulator received for a path ending, e.g. '/index'. */
export function callsTo(emulator: Emulator, method: string, suffix: string) {
  return emulator.requests.filter((r) => r.method === method && r.target.split('?')[0]!.endsWith(suffix));
}
