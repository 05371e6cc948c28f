import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUCKET, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';

const KEYS = 20;
const COPIES = 3;
const REGISTER = 'mutation R($input: RegisterAssetInput!) { registerAsset(input: $input) { assetId } }';

/**
 * CONTRACT.md, Idempotency-Key: "If the shared store is unreachable when the answer is to be kept, the key
 * stays claimed until the store is back and is never run a second time while its first run may have
 * reached the vendor." Redis is killed while the first POST of every key is at the vendor, then restarted
 * (empty, or from its append-only file); clients keep retrying with their keys on both replicas.
 */
describe.each([
  { persistence: 'none (restarts empty)', appendOnly: false },
  { persistence: 'append-only, fsync always', appendOnly: true },
])('Idempotency-Key across a Redis outage mid-burst, persistence $persistence', ({ appendOnly }) => {
  let redis: RedisServer;
  let stack: Stack;
  let second: Gateway;
  let urls: string[];
  beforeAll(async () => {
    redis = await startRedis({ appendOnly });
    stack = await startStack({ env: { REDIS_URL: redis.url }, emulator: { importStepMs: 1 } });
    second = createGateway(stack.config, { logger: createLogger('silent') });
    urls = [stack.gateway.url, await second.start()];
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.close();
    await redis?.stop();
  });

  it(`POSTs each of ${KEYS} keys exactly once, and every client of a key that got an answer got the same index id`, async () => {
    const assets: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const registered = await stack.gql(REGISTER, {
        input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), bucketName: DEMO_BUCKET, key: `outage/${appendOnly}-${i}.mp4` },
      });
      assets.push(registered.body.data!.registerAsset.assetId as string);
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // imports complete after 1 ms
    stack.emulator.clearRequests();
    // Every first POST is still at the vendor when Redis dies.
    stack.emulator.injectFault({ method: 'POST', path: /\/index$|\/analyze$/, fault: { kind: 'delay', delayMs: 400 } });

    const deadline = Date.now() + 30_000;
    const client = async (key: number, copy: number): Promise<string | null> => {
      const url = urls[(key + copy) % 2]!;
      for (let attempt = 0; Date.now() < deadline; attempt++) {
        const answer = await postGraphQL(url, analyzeBody(Number(assets[key])), {
          authorization: `Bearer ${TENANT_KEY}`,
          'idempotency-key': `outage-${appendOnly}-${key}`,
        }).catch(() => null);
        const id = answer?.json.data?.analyzeAsset?.id as string | undefined;
        if (id) return id;
        const error = answer?.json.errors?.[0]?.extensions;
        // Anything but a retryable refusal ends this client (and fails the test below).
        if (answer && error?.retryable !== true) throw new Error(`key ${key}: ${answer.status} ${answer.text}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return null;
    };
    const burst = Promise.all(Array.from({ length: KEYS }, (_, key) => Promise.all(Array.from({ length: COPIES }, (_, copy) => client(key, copy)))));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await redis.kill();
    // Down long enough for every command queued meanwhile to fail (ioredis gives up after REDIS_TIMEOUT_MS).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await redis.restart();
    const ids = await burst;

    for (let key = 0; key < KEYS; key++) {
      const posts =
        callsTo(stack.emulator, 'POST', `/assets/${assets[key]}/analyze`).length + callsTo(stack.emulator, 'POST', `/assets/${assets[key]}/index`).length;
      expect({ key, posts }).toEqual({ key, posts: 1 });
      const answered = ids[key]!.filter((id) => id !== null);
      expect(answered).toHaveLength(COPIES);
      expect(new Set(answered).size).toBe(1);
    }
  }, 45_000);
});
