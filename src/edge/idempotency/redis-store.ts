import type { Redis } from '../../common/redis.js';
import { KEEP_MS, type IdempotencyRecord, type IdempotencyStore, type RunningRecord } from './store.js';

/**
 * How long after a Redis restart (by its uptime) a replica that knew the previous Redis claims no key
 * that is missing (the record may have been lost with the restart: no persistence), and no replica takes a
 * claim reloaded from disk as orphaned (its lease may have lapsed while Redis was down): in both cases the
 * holder re-stores or renews it as soon as its connection is back (ioredis reconnects within a second,
 * src/common/redis.ts). Such a claim is refused as "store unavailable" (503, nothing ran: retry).
 */
export const RESTART_RECOVERY_SECONDS = 5;

const SERVER = `local info = redis.call('info', 'server')
local run = string.match(info, 'run_id:(%w+)')
local up = tonumber(string.match(info, 'uptime_in_seconds:(%d+)'))`;
// A claim written by this version ends with its lease marker; older claims (their own TTL was the lease) never orphan.
const LEASED = `local function orphaned(cur)
  return string.sub(cur, 1, 18) == '{"state":"running"' and string.sub(cur, -10) == '"lease":1}' and redis.call('exists', KEYS[2]) == 0
end`;
// KEYS: the record, its lease. ARGV: claim, lease ms, the run id this replica saw last, the run id it saw
// restart, recovery seconds, keep ms. Returns {run id, ''} when claimed, {run id, '?'} while recovering from a
// restart (a missing key, or a claim reloaded from disk whose lease lapsed while Redis was down: its holder
// renews it on reconnect), {run id, record, 'orphaned'} for a claim whose lease lapsed, else {run id, record}.
const CLAIM = `${SERVER}
${LEASED}
local cur = redis.call('get', KEYS[1])
if cur then
  if orphaned(cur) then
    if up < tonumber(ARGV[5]) then return {run, '?'} end
    return {run, cur, 'orphaned'}
  end
  return {run, cur}
end
if up < tonumber(ARGV[5]) and ((ARGV[3] ~= '' and ARGV[3] ~= run) or ARGV[4] == run) then return {run, '?'} end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[6])
redis.call('set', KEYS[2], '1', 'PX', ARGV[2])
return {run, ''}`;
// Compare-and-set on the exact claim string, so a replica whose claim was taken over can never
// overwrite the newer claim; a free key (lost with a restart) is written too: its request has run.
const COMPLETE = `local cur = redis.call('get', KEYS[1])
if cur == ARGV[2] then return 1 end
if cur and cur ~= ARGV[1] then return 0 end
redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('del', KEYS[2])
return 1`;
// ARGV: claim, lease ms, keep ms.
const RENEW = `local cur = redis.call('get', KEYS[1])
if not cur then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[3]) elseif cur ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], '1', 'PX', ARGV[2])
return 1`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1], KEYS[2]) end return 0`;

/** Records shared by every replica: the in-flight claim, then the answer under the same key. */
export function createRedisIdempotencyStore(redis: Redis, keyPrefix = 'mi-gateway:idem', recoverySeconds = RESTART_RECOVERY_SECONDS): IdempotencyStore {
  const k = (key: string) => `${keyPrefix}:${key}`;
  const lease = (key: string) => `${keyPrefix}-lease:${key}`;
  // The record texts are built the same way every time, so the compare steps match the stored claim.
  const text = (running: RunningRecord) => JSON.stringify({ state: 'running', fingerprint: running.fingerprint, token: running.token, lease: 1 });
  let lastRun = '';
  let restartedRun = '';
  const saw = (run: string) => {
    if (lastRun !== '' && run !== lastRun) restartedRun = run;
    lastRun = run;
  };
  const learnRun = () =>
    redis.info('server').then(
      (info) => saw(/run_id:(\w+)/.exec(info)?.[1] ?? ''),
      () => {},
    );
  const listeners: Array<() => void> = [];
  // Learn the run id on every (re)connect, so a restart is noticed even before this replica claims a key.
  redis.on('ready', () => {
    void learnRun().then(() => {
      for (const listener of listeners) listener();
    });
  });
  return {
    async claim(key, running, leaseMs) {
      const args = [text(running), String(leaseMs), lastRun, restartedRun, String(recoverySeconds), String(KEEP_MS)];
      const [run, found, orphaned] = (await redis.eval(CLAIM, 2, k(key), lease(key), ...args)) as [string, string, string?];
      saw(run);
      if (found === '') return null;
      if (found === '?')
        throw new Error(`Redis restarted less than ${recoverySeconds} s ago; its missing or lapsed claims wait until their holders re-store them`);
      const record = JSON.parse(found) as IdempotencyRecord;
      return orphaned ? { state: 'orphaned', fingerprint: record.fingerprint } : record;
    },
    async complete(key, running, done, ttlMs) {
      return (await redis.eval(COMPLETE, 2, k(key), lease(key), text(running), JSON.stringify(done), String(ttlMs))) === 1;
    },
    async renew(key, running, leaseMs) {
      return (await redis.eval(RENEW, 2, k(key), lease(key), text(running), String(leaseMs), String(KEEP_MS))) === 1;
    },
    async release(key, running) {
      await redis.eval(RELEASE, 2, k(key), lease(key), text(running));
    },
    onReconnect(listener) {
      listeners.push(listener);
    },
  };
}
