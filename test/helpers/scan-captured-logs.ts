import { afterAll, expect } from 'vitest';
import { ACME, GLOBEX, OTHER_TENANT_KEY, TENANT_KEY, capturedLogs } from './stack.js';

/**
 * Setup file of the integration project: after every test file, every log line that any gateway
 * started through test/helpers/stack.ts wrote during that file (at the file's own log level; most run
 * at debug) is scanned for the tenants' NCP secret keys and the client API keys.
 */
const SECRETS = [ACME.secretKey, GLOBEX.secretKey, TENANT_KEY, OTHER_TENANT_KEY];

afterAll(() => {
  const leaks = capturedLogs.filter((line) => SECRETS.some((secret) => line.includes(secret)));
  expect(leaks, 'log lines that contain a secret key or a client API key').toEqual([]);
  capturedLogs.length = 0;
});
