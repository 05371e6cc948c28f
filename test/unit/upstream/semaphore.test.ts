import { describe, expect, it } from 'vitest';
import { SemaphoreRefusal, createSemaphore } from '../../../src/upstream/semaphore.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('createSemaphore', () => {
  it('runs at most `limit` tasks and hands slots over in arrival order', async () => {
    const semaphore = createSemaphore(1);
    const first = gate();
    const order: string[] = [];
    const a = semaphore.run(async () => {
      await first.opened;
      order.push('a');
    });
    const b = semaphore.run(async () => void order.push('b'));
    const c = semaphore.run(async () => void order.push('c'));
    expect([semaphore.active, semaphore.waiting]).toEqual([1, 2]);
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect([semaphore.active, semaphore.waiting]).toEqual([0, 0]);
  });

  it('refuses at once when the queue is full, without running the task', async () => {
    const semaphore = createSemaphore(1, { maxWaiting: 1 });
    const hold = gate();
    const running = semaphore.run(() => hold.opened);
    const queued = semaphore.run(async () => 'queued');
    let ran = false;
    await expect(semaphore.run(async () => void (ran = true))).rejects.toEqual(new SemaphoreRefusal('queue-full'));
    expect(ran).toBe(false);
    hold.open();
    await expect(queued).resolves.toBe('queued');
    await running;
  });

  it('refuses a task that waited longer than maxWaitMs and frees its place in the queue', async () => {
    const semaphore = createSemaphore(1, { maxWaitMs: 20 });
    const hold = gate();
    const running = semaphore.run(() => hold.opened);
    const refused = semaphore.run(async () => 'never');
    await expect(refused).rejects.toMatchObject({ reason: 'wait-timeout' });
    expect(semaphore.waiting).toBe(0);
    hold.open();
    await running;
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
    expect(semaphore.active).toBe(0);
  });

  it('lets a waiter through when a slot frees before maxWaitMs', async () => {
    const semaphore = createSemaphore(1, { maxWaitMs: 5_000 });
    const hold = gate();
    const running = semaphore.run(() => hold.opened);
    const waiting = semaphore.run(async () => 'served');
    hold.open();
    await running;
    await expect(waiting).resolves.toBe('served');
  });
});
