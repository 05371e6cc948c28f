import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { digestApiKey } from '../../../src/config/tenants.js';

const SECRET = 'ncp-secret-that-must-never-be-printed';
const ENV_SECRET = 'env-secret-that-must-never-be-printed';
const dir = mkdtempSync(join(tmpdir(), 'mi-gateway-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function tenantsFile(content: unknown): string {
  const path = join(dir, `tenants-${fileCount++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const tenant = (extra: Record<string, unknown> = {}) => ({ id: 'acme', apiKeys: ['acme-key'], accessKey: 'ACCESS', secretKey: SECRET, ...extra });
const withTenants = (tenants: unknown[], env: Record<string, string> = {}) => loadConfig({ TENANTS_FILE: tenantsFile({ tenants }), ...env });

/** The ConfigError thrown, checked to name every given fragment and never a secret. */
function configError(load: () => unknown, ...fragments: Array<string | RegExp>): ConfigError {
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  for (const fragment of fragments) expect(error.message).toMatch(fragment);
  for (const secret of [SECRET, ENV_SECRET]) {
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(secret.slice(4, 16));
  }
  return error;
}

describe('loadConfig defaults', () => {
  it('runs the sandbox with the contract defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      sandbox: true,
      tenants: [],
      defaultBaseUrl: 'https://mi.apigw.ntruss.com',
      analyzeEndpoint: 'index',
      timeZone: 'Asia/Seoul',
      production: false,
      logLevel: 'info',
      redisUrl: null,
      explorer: true,
      introspection: true,
      pollIntervalMs: 2000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ TENANTS_FILE: ' ', PORT: '' })).toMatchObject({ sandbox: true, port: 4000 });
  });

  it('turns explorer and introspection off in production outside the sandbox, unless enabled', () => {
    const file = tenantsFile({ tenants: [tenant()] });
    expect(loadConfig({ TENANTS_FILE: file, NODE_ENV: 'production' })).toMatchObject({
      sandbox: false,
      production: true,
      explorer: false,
      introspection: false,
    });
    expect(loadConfig({ TENANTS_FILE: file })).toMatchObject({ explorer: false, introspection: true });
    expect(loadConfig({ TENANTS_FILE: file, NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true', GRAPHQL_INTROSPECTION: '1' })).toMatchObject({
      explorer: true,
      introspection: true,
    });
  });

  it('serves /mcp in the sandbox and outside production; in production only with MCP_ENABLED', () => {
    const file = tenantsFile({ tenants: [tenant()] });
    expect(loadConfig({}).mcp).toBe(true);
    expect(loadConfig({ TENANTS_FILE: file }).mcp).toBe(true);
    expect(loadConfig({ TENANTS_FILE: file, NODE_ENV: 'production' }).mcp).toBe(false);
    expect(loadConfig({ TENANTS_FILE: file, NODE_ENV: 'production', MCP_ENABLED: 'true' }).mcp).toBe(true);
    expect(loadConfig({ MCP_ENABLED: 'false' }).mcp).toBe(false);
  });

  it('reads the documented variables', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      MI_BASE_URL: 'http://mi.local:9000/',
      MI_ANALYZE_ENDPOINT: 'analyze',
      MI_TIME_ZONE: 'UTC',
      LOG_LEVEL: 'debug',
      REDIS_URL: 'redis://r:6379',
      MI_POLL_INTERVAL_MS: '500',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      defaultBaseUrl: 'http://mi.local:9000',
      analyzeEndpoint: 'analyze',
      timeZone: 'UTC',
      logLevel: 'debug',
      redisUrl: 'redis://r:6379',
      pollIntervalMs: 500,
    });
  });
});

describe('tenants file', () => {
  it('loads tenants with digests only, a secret from secretKeyEnv, and a trimmed baseUrl', () => {
    const config = withTenants(
      [
        tenant({ baseUrl: 'http://127.0.0.1:1234/', rateLimit: { requests: 5, perSeconds: 1 } }),
        { id: 'globex', apiKeys: [`sha256:${digestApiKey('globex-key')}`], accessKey: 'G', secretKeyEnv: 'GLOBEX_SECRET' },
      ],
      { GLOBEX_SECRET: ENV_SECRET },
    );
    const [acme, globex] = config.tenants;
    expect(acme).toMatchObject({
      id: 'acme',
      apiKeyDigests: [digestApiKey('acme-key')],
      accessKey: 'ACCESS',
      baseUrl: 'http://127.0.0.1:1234',
      rateLimit: { requests: 5, perSeconds: 1 },
    });
    expect(acme!.secretKey).toBe(SECRET);
    expect(globex).toMatchObject({ id: 'globex', apiKeyDigests: [digestApiKey('globex-key')], baseUrl: null, rateLimit: null });
    expect(globex!.secretKey).toBe(ENV_SECRET);
  });

  it('names fields nothing reads (likely typos) as warnings, with the field meant, never a value', () => {
    const file = tenantsFile({
      tenants: [
        tenant({ rateLimt: { requests: 5, perSeconds: 1 }, rateLimit: { requests: 5, perSecond: 1 }, note: SECRET }),
        { ...tenant({ id: 'globex', apiKeys: ['g'] }), BaseURL: 'http://x' },
      ],
      comment: 'mine',
    });
    let error: unknown;
    try {
      loadConfig({ TENANTS_FILE: file });
    } catch (caught) {
      error = caught;
    }
    // rateLimit.perSecond is missing from a rateLimit that is read: that one is an error, as before.
    expect(String(error)).toMatch(/rateLimit.perSeconds is required/);
    const config = loadConfig({
      TENANTS_FILE: tenantsFile({
        tenants: [
          tenant({ rateLimt: { requests: 5, perSeconds: 1 }, note: SECRET }),
          { ...tenant({ id: 'globex', apiKeys: ['g'] }), BaseURL: 'http://x', rateLimit: { requests: 1, perSeconds: 1, burst: 2 } },
        ],
        comment: 'mine',
      }),
    });
    expect(config.warnings).toEqual([
      'TENANTS_FILE: field "comment" is not read',
      'tenants[0] (acme): field "rateLimt" is not read (did you mean "rateLimit"?)',
      'tenants[0] (acme): field "note" is not read',
      'tenants[1] (globex): field "BaseURL" is not read (did you mean "baseUrl"?)',
      'tenants[1] (globex): field "rateLimit.burst" is not read',
    ]);
    expect(config.warnings.join('\n')).not.toContain(SECRET);
    expect(withTenants([tenant()]).warnings).toEqual([]);
    expect(loadConfig({}).warnings).toEqual([]);
  });

  it('keeps the secret out of JSON, keys, spreads and inspection of a tenant', () => {
    const config = withTenants([tenant()]);
    const acme = config.tenants[0]!;
    expect(Object.keys(acme)).not.toContain('secretKey');
    expect(JSON.stringify(acme)).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(JSON.stringify({ ...acme })).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain('acme-key');
  });
});

describe('bad configuration stops with the problem and its fix, never the secret', () => {
  it('unreadable TENANTS_FILE', () => {
    configError(
      () => loadConfig({ TENANTS_FILE: join(dir, 'missing.json') }),
      /TENANTS_FILE/,
      /cannot be read \(ENOENT\)/,
      /point TENANTS_FILE at a readable JSON file/,
    );
    configError(() => loadConfig({ TENANTS_FILE: dir }), /cannot be read \(EISDIR\)/);
  });

  it.skipIf(process.getuid?.() === 0)('TENANTS_FILE without read permission', () => {
    const path = tenantsFile({ tenants: [tenant()] });
    chmodSync(path, 0o000);
    configError(() => loadConfig({ TENANTS_FILE: path }), /cannot be read \(EACCES\)/);
  });

  it('invalid JSON, without quoting the text around the error (it may be a secret)', () => {
    configError(
      () => loadConfig({ TENANTS_FILE: tenantsFile(`{"tenants": [{"id": "a", "secretKey": ${SECRET}}]}`) }),
      /not valid JSON/,
      /fix the file's syntax/,
    );
    configError(
      () => loadConfig({ TENANTS_FILE: tenantsFile(`{"tenants": [\n  {"secretKey": "${SECRET}" "x"}]}`) }),
      /not valid JSON \(at line 2, column \d+\)/,
    );
    configError(() => loadConfig({ TENANTS_FILE: tenantsFile(`{"tenants": [{"secretKey": "${SECRET}`) }), /not valid JSON/);
  });

  it('a file without a tenants list', () => {
    configError(() => loadConfig({ TENANTS_FILE: tenantsFile({}) }), /\{"tenants": \[\.\.\.\]\}/);
    configError(() => loadConfig({ TENANTS_FILE: tenantsFile({ tenants: [] }) }), /at least one tenant/);
  });

  it('missing accessKey', () => {
    const { accessKey: _omit, ...rest } = tenant();
    configError(() => withTenants([rest]), /tenants\[0\] \(acme\)/, /accessKey is required/);
    // Reported together with a missing secret, not one per run.
    const { secretKey: _secret, ...bare } = rest;
    configError(() => withTenants([bare]), /accessKey is required/, /give exactly one of secretKey or secretKeyEnv/);
  });

  it('missing id and apiKeys', () => {
    configError(() => withTenants([{ accessKey: 'A', secretKey: SECRET }]), /id is required/, /apiKeys is required/);
    configError(() => withTenants([tenant({ apiKeys: [] })]), /apiKeys must hold at least one key/);
  });

  it('neither secretKey nor secretKeyEnv', () => {
    const { secretKey: _omit, ...rest } = tenant();
    configError(() => withTenants([rest]), /give exactly one of secretKey or secretKeyEnv/);
  });

  it('both secretKey and secretKeyEnv', () => {
    configError(() => withTenants([tenant({ secretKeyEnv: 'ACME_SECRET' })], { ACME_SECRET: ENV_SECRET }), /give exactly one of secretKey or secretKeyEnv/);
  });

  it('secretKeyEnv naming an unset (or empty) variable', () => {
    const { secretKey: _omit, ...rest } = tenant();
    configError(() => withTenants([{ ...rest, secretKeyEnv: 'ACME_SECRET' }]), /secretKeyEnv names ACME_SECRET, which is not set/, /export it/);
    configError(() => withTenants([{ ...rest, secretKeyEnv: 'ACME_SECRET' }], { ACME_SECRET: '' }), /ACME_SECRET, which is empty:/);
    configError(() => withTenants([{ ...rest, secretKeyEnv: 'ACME_SECRET' }], { ACME_SECRET: ' \n' }), /ACME_SECRET, which is empty \(only whitespace\)/);
  });

  it('duplicate API key within a tenant, across tenants, and between plain and sha256 forms', () => {
    configError(() => withTenants([tenant({ apiKeys: ['k1', 'k1'] })]), /apiKeys\[1\] duplicates a key of tenants\[0\] \(acme\)/, /must be unique/);
    configError(
      () => withTenants([tenant({ apiKeys: ['k1'] }), tenant({ id: 'globex', apiKeys: ['k2', 'k1'] })]),
      /tenants\[1\] \(globex\): apiKeys\[1\] duplicates a key of tenants\[0\] \(acme\)/,
    );
    const error = configError(
      () => withTenants([tenant({ apiKeys: ['plain-key'] }), tenant({ id: 'globex', apiKeys: [`sha256:${digestApiKey('plain-key').toUpperCase()}`] })]),
      /duplicates a key of tenants\[0\] \(acme\)/,
    );
    expect(error.message).not.toContain('plain-key');
    expect(error.message).not.toContain(digestApiKey('plain-key'));
  });

  it('a malformed sha256 key', () => {
    configError(() => withTenants([tenant({ apiKeys: ['sha256:abc'] })]), /not 64 hex digits/);
  });

  it('duplicate tenant id', () => {
    configError(() => withTenants([tenant(), tenant({ apiKeys: ['other-key'] })]), /duplicate tenant id "acme"/, /give each tenant its own id/);
  });

  it.each(['ftp://mi.example', 'not a url', 'https://user:pass@mi.example', 'https://mi.example/?q=1'])('bad baseUrl %j', (baseUrl) => {
    configError(() => withTenants([tenant({ baseUrl })]), /tenants\[0\] \(acme\): baseUrl must be an http\(s\) URL such as https:\/\/mi\.apigw\.ntruss\.com/);
  });

  it('lists every problem of several tenants at once', () => {
    const error = configError(
      () => withTenants([tenant({ accessKey: '' }), tenant({ id: 'globex', apiKeys: ['acme-key'] })]),
      /accessKey is empty/,
      /duplicates a key/,
    );
    expect(error.problems).toHaveLength(2);
  });

  it.each(['ftp://mi.example', 'mi.apigw.ntruss.com', 'https://mi.example#x'])('bad MI_BASE_URL %j', (value) => {
    configError(() => loadConfig({ MI_BASE_URL: value }), /MI_BASE_URL must be an http\(s\) URL such as https:\/\/mi\.apigw\.ntruss\.com/);
  });

  it('bad MI_ANALYZE_ENDPOINT', () => {
    configError(() => loadConfig({ MI_ANALYZE_ENDPOINT: 'analyse' }), /MI_ANALYZE_ENDPOINT must be "analyze" or "index"/);
  });

  it.each(['Mars/Olympus', 'KST+9', 'Asia/Seoul/x'])('bad MI_TIME_ZONE %j', (value) => {
    configError(() => loadConfig({ MI_TIME_ZONE: value }), /MI_TIME_ZONE must be an IANA time zone such as Asia\/Seoul/);
  });

  it.each([
    ['abc', /PORT must be a number/],
    ['-1', /PORT must be at least 0/],
    ['65536', /PORT must be at most 65535/],
    ['80.5', /PORT must be a whole number/],
  ])('bad PORT %j', (value, message) => {
    configError(() => loadConfig({ PORT: value }), message);
  });

  it('reads the upstream resilience settings, with their defaults', () => {
    expect(loadConfig({}).upstream).toMatchObject({
      readRetries: 2,
      readDeadlineMs: 10_000,
      retryAfterMaxMs: 2_000,
      breakerFailures: 5,
      breakerHalfOpenMs: 10_000,
      maxConcurrencyPerTenant: 64,
      tenantQueueTimeoutMs: 5_000,
    });
    const config = loadConfig({
      UPSTREAM_READ_RETRIES: '0',
      UPSTREAM_READ_DEADLINE_MS: '3000',
      UPSTREAM_RETRY_AFTER_MAX_MS: '0',
      UPSTREAM_BREAKER_FAILURES: '10',
      UPSTREAM_BREAKER_HALF_OPEN_MS: '500',
      UPSTREAM_MAX_CONCURRENCY_PER_TENANT: '4',
      UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: '0',
    });
    expect(config.upstream).toMatchObject({
      readRetries: 0,
      readDeadlineMs: 3000,
      retryAfterMaxMs: 0,
      breakerFailures: 10,
      breakerHalfOpenMs: 500,
      maxConcurrencyPerTenant: 4,
      tenantQueueTimeoutMs: 0,
    });
    configError(
      () => loadConfig({ UPSTREAM_READ_RETRIES: '11', UPSTREAM_MAX_CONCURRENCY_PER_TENANT: '0' }),
      /UPSTREAM_READ_RETRIES must be at most 10/,
      /UPSTREAM_MAX_CONCURRENCY_PER_TENANT must be at least 1/,
    );
  });

  it('lists several environment problems together', () => {
    const error = configError(() => loadConfig({ PORT: 'x', MI_TIME_ZONE: 'Nowhere/Land', MI_BASE_URL: 'nope' }), /PORT/, /MI_TIME_ZONE/, /MI_BASE_URL/);
    expect(error.problems).toHaveLength(3);
  });

  it('a wrong-typed secretKey is reported without echoing it', () => {
    configError(() => withTenants([tenant({ secretKey: { value: SECRET } })]), /tenants\[0\] \(acme\): secretKey/);
  });
});

describe('review follow-ups', () => {
  it('reports a field of the wrong type as such, not as missing', async () => {
    const { loadTenants } = await import('../../../src/config/tenants.js');
    const run = (tenant: Record<string, unknown>) => {
      try {
        loadTenants({ tenants: [{ id: 'a', apiKeys: ['k'], accessKey: 'A', secretKey: 'S', ...tenant }] }, {});
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(run({ accessKey: 123 })).toMatch(/accessKey must be text \(a JSON string\), not a whole number/);
    expect(run({ accessKey: 123 })).not.toMatch(/is required/);
    expect(run({ accessKey: undefined })).toMatch(/accessKey is required/);
    expect(run({ rateLimit: { requests: 1.5, perSeconds: 1 } })).not.toMatch(/is required/);
  });

  it('reads live caps (live.maxSockets, live.maxTargets) with defaults, and refuses ones that are not positive whole numbers', () => {
    const [capped, plain] = withTenants([tenant({ live: { maxSockets: 2 } }), tenant({ id: 'globex', apiKeys: ['g'] })]).tenants;
    expect(capped!.live).toEqual({ maxSockets: 2, maxTargets: 50 });
    expect(plain!.live).toEqual({ maxSockets: 20, maxTargets: 50 });
    configError(
      () => withTenants([tenant({ live: { maxSockets: 0, maxTargets: 2.5 } })]),
      /tenants\[0\] \(acme\): live.maxSockets must be at least 1/,
      /tenants\[0\] \(acme\): live.maxTargets must be a whole number/,
    );
    configError(() => withTenants([tenant({ live: { maxTargets: '10' } })]), /live.maxTargets must be a number, not text/);
    const config = loadConfig({ TENANTS_FILE: tenantsFile({ tenants: [tenant({ live: { maxSocket: 2 } })] }) });
    expect(config.warnings.join('\n')).toMatch(/field "live.maxSocket" is not read \(did you mean "live.maxSockets"\?\)/);
  });

  it('refuses NODE_ENV=production without TENANTS_FILE (no sandbox in production), naming TENANTS_FILE', () => {
    configError(() => loadConfig({ NODE_ENV: 'production' }), /TENANTS_FILE is not set/, /set TENANTS_FILE to the path of the tenants file/);
    configError(() => loadConfig({ NODE_ENV: 'production', TENANTS_FILE: '  ' }), /TENANTS_FILE is not set/);
    const sandboxDev = loadConfig({});
    expect(sandboxDev.explorer).toBe(true);
    expect(sandboxDev.introspection).toBe(true);
  });
});

describe('every configuration problem in one start, in words a person acts on', () => {
  it('reports wrong fields, a bad sha256 key, duplicate ids and keys, and the environment together', () => {
    const error = configError(
      () =>
        loadConfig({
          PORT: 'x',
          TENANTS_FILE: tenantsFile({
            tenants: [
              tenant({ secretKey: 5, rateLimit: { requests: 1, perSeconds: 0.5 }, apiKeys: ['k1', 'sha256:abc'] }),
              tenant({ apiKeys: ['k1'] }),
              { id: 'b', apiKeys: 'k', accessKey: ['x'], secretKeyEnv: 'B_SECRET' },
            ],
          }),
          B_SECRET: '',
        }),
      /PORT must be a number/,
      /tenants\[0\] \(acme\): secretKey must be text \(a JSON string\), not a whole number/,
      /tenants\[0\] \(acme\): rateLimit.perSeconds must be a whole number, not a number with a fraction/,
      /tenants\[0\] \(acme\): apiKeys\[1\] starts with "sha256:" but is not 64 hex digits/,
      /tenants\[1\] \(acme\): duplicate tenant id "acme"/,
      /tenants\[1\] \(acme\): apiKeys\[0\] duplicates a key of tenants\[0\] \(acme\)/,
      /tenants\[2\] \(b\): apiKeys must be a list, not text/,
      /tenants\[2\] \(b\): accessKey must be text \(a JSON string\), not a list/,
      /secretKeyEnv names B_SECRET, which is empty/,
    );
    expect(error.message).not.toMatch(/expected|Invalid input|another type/);
  });

  it('says what the file holds when it is not {"tenants": [...]}', () => {
    configError(
      () => loadConfig({ TENANTS_FILE: tenantsFile([tenant()]) }),
      /must hold a JSON object of the form \{"tenants": \[\.\.\.\]\}, not a list: wrap the list/,
    );
    configError(() => loadConfig({ TENANTS_FILE: tenantsFile({ tenants: {} }) }), /"tenants" is an object, not a list/);
  });

  it('uses keys and secrets trimmed, warning with the tenant and field, never the value', () => {
    const { secretKey: _omit, ...rest } = tenant();
    const config = loadConfig({
      TENANTS_FILE: tenantsFile({
        tenants: [
          tenant({ secretKey: `${SECRET}\n`, accessKey: ' ACCESS\n', apiKeys: ['acme-key\n'] }),
          { ...rest, id: 'globex', apiKeys: ['g-key'], secretKeyEnv: 'G_SECRET' },
        ],
      }),
      G_SECRET: `${ENV_SECRET}\n`,
    });
    const [acme, globex] = config.tenants;
    expect(acme!.secretKey).toBe(SECRET);
    expect(acme!.accessKey).toBe('ACCESS');
    expect(acme!.apiKeyDigests).toEqual([digestApiKey('acme-key')]);
    expect(globex!.secretKey).toBe(ENV_SECRET);
    expect(config.warnings).toEqual([
      'tenants[0] (acme): apiKeys[0] has surrounding whitespace (a trailing newline?); it is used trimmed',
      'tenants[0] (acme): secretKey has surrounding whitespace (a trailing newline?); it is used trimmed',
      'tenants[0] (acme): accessKey has surrounding whitespace (a trailing newline?); it is used trimmed',
      'tenants[1] (globex): secret in G_SECRET (secretKeyEnv) has surrounding whitespace (a trailing newline?); it is used trimmed',
    ]);
    for (const line of config.warnings) expect(line).not.toMatch(/never-be-printed|acme-key|ACCESS/);
  });

  it('does not offer LOG_LEVEL=trace (nothing logs at it)', () => {
    configError(() => loadConfig({ LOG_LEVEL: 'trace' }), /LOG_LEVEL must be one of fatal, error, warn, info, debug, silent \(nothing logs at trace\)/);
  });

  it('an only-whitespace secret is empty', () => {
    configError(() => withTenants([tenant({ secretKey: ' \n' })]), /secretKey is empty/);
  });
});

describe('drain grace and client timeouts', () => {
  it('derives the drain grace from the upstream timings when SHUTDOWN_GRACE_MS is unset', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(5_000 + 3_000 + 15_000 + 1_000);
    const config = loadConfig({ UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_CONNECT_TIMEOUT_MS: '500', UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: '0' });
    expect(config.shutdownGraceMs).toBe(4_500);
    expect(config.shutdownGraceMs).toBeGreaterThanOrEqual(config.upstream.timeoutMs);
  });

  it('refuses a SHUTDOWN_GRACE_MS shorter than UPSTREAM_TIMEOUT_MS, naming both and the fix', () => {
    configError(
      () => loadConfig({ SHUTDOWN_GRACE_MS: '10000' }),
      /SHUTDOWN_GRACE_MS \(10000\) is shorter than UPSTREAM_TIMEOUT_MS \(15000\)/,
      /at least 15000 or unset it/,
    );
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '15000' }).shutdownGraceMs).toBe(15_000);
  });

  it('reads the client timeouts and refuses a headers timeout above the request timeout', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '4000' }).http).toEqual({ headersTimeoutMs: 2_000, requestTimeoutMs: 4_000 });
    configError(
      () => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' }),
      /HTTP_HEADERS_TIMEOUT_MS \(20000\) must not exceed HTTP_REQUEST_TIMEOUT_MS \(5000\)/,
    );
  });
});
