import { describe, expect, it } from 'vitest';
import { createPersistedQueryCache } from '../../../src/graphql/persisted-query-cache.js';

describe('createPersistedQueryCache (APQ store)', () => {
  it('keeps recently used texts and forgets the least recently used beyond its entry bound', async () => {
    const cache = createPersistedQueryCache({ maxEntries: 2 });
    await cache.set('apq:a', '{ a }');
    await cache.set('apq:b', '{ b }');
    await cache.get('apq:a');
    await cache.set('apq:c', '{ c }');
    expect(await cache.lookup('a')).toBe('{ a }');
    expect(await cache.lookup('b')).toBeUndefined();
    expect(await cache.lookup('c')).toBe('{ c }');
  });

  it('bounds the characters it holds, so long valid documents (comments are free of the token cap) cannot fill memory', async () => {
    const cache = createPersistedQueryCache({ maxChars: 100, maxValueLength: 60 });
    await cache.set('apq:huge', `{ a } #${'x'.repeat(1000)}`);
    expect(await cache.lookup('huge')).toBeUndefined();
    await cache.set('apq:1', `{ a } #${'x'.repeat(40)}`);
    await cache.set('apq:2', `{ b } #${'x'.repeat(40)}`);
    await cache.set('apq:3', `{ c } #${'x'.repeat(40)}`);
    // 3 x 47 characters exceed 100: the oldest went.
    expect(await cache.lookup('1')).toBeUndefined();
    expect(await cache.lookup('2')).toBeDefined();
    expect(await cache.lookup('3')).toBeDefined();
  });

  it('replacing or deleting a key gives its characters back', async () => {
    const cache = createPersistedQueryCache({ maxChars: 20 });
    for (let i = 0; i < 50; i += 1) await cache.set('apq:same', `{ field${i % 10} }`);
    await cache.set('apq:other', '{ other }');
    expect(await cache.lookup('same')).toBeDefined();
    expect(await cache.delete('apq:same')).toBe(true);
    await cache.set('apq:third', '{ third }');
    expect(await cache.lookup('other')).toBe('{ other }');
    expect(await cache.lookup('third')).toBe('{ third }');
  });
});
