import { signHeaders } from '../../src/upstream/sign.js';

/** The key pair the emulator tests start it with (`startEmulator({ credentials: [EMULATOR_KEY] })`). */
export const EMULATOR_KEY = { accessKey: 'test-access-key', secretKey: 'test-secret-key' };

export interface EmulatorCallOptions {
  body?: unknown;
  /** Sign with this secret instead (a wrong one must be refused). */
  secretKey?: string | undefined;
  timestamp?: string | undefined;
  /** Sign this target but send `path` (tamper test). */
  signedTarget?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** A signed call to the emulator over real HTTP, as the gateway's client makes one; the answer's JSON when it has one. */
export function emulatorCaller(url: () => string, key = EMULATOR_KEY) {
  return async (method: string, path: string, opts: EmulatorCallOptions = {}) => {
    const headers = signHeaders({
      method,
      pathWithQuery: opts.signedTarget ?? path,
      timestamp: opts.timestamp ?? String(Date.now()),
      accessKey: key.accessKey,
      secretKey: opts.secretKey ?? key.secretKey,
    });
    const res = await fetch(url() + path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      signal: opts.signal ?? AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json: json as Record<string, any> };
  };
}
