import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CompiledQuery } from 'graphql-jit';
import { CompiledOperations, type CompiledOperation } from '../../../src/graphql/compiled-operations.js';

const op = (name: string | null, weight = 10): CompiledOperation => ({ compiled: {} as CompiledQuery, operationName: name, weight });

describe('CompiledOperations', () => {
  it('finds a text by the operation name the client sent, and an absent name only as absent', () => {
    const known = new CompiledOperations(10);
    known.remember('query A { a } query B { b }', 'A', op('A'));
    known.remember('{ a }', undefined, op(null));
    expect(known.find('query A { a } query B { b }', 'A')?.operationName).toBe('A');
    expect(known.find('query A { a } query B { b }', 'B')).toBeUndefined();
    expect(known.find('query A { a } query B { b }', undefined)).toBeUndefined();
    expect(known.find('{ a }', undefined)?.operationName).toBeNull();
    // An empty name is not "no name": Apollo refuses it, so it must never match the absent-name entry.
    expect(known.find('{ a }', '')).toBeUndefined();
    expect(known.find('{ a } ', undefined)).toBeUndefined();
    // No string a client can send stands for "none sent" either (Apollo answers an unknown name 400).
    for (const name of ['#', 'undefined', 'null']) expect(known.find('{ a }', name), name).toBeUndefined();
  });

  it('keeps its count true when the text that makes room is the one gaining a name', () => {
    const known = new CompiledOperations(2);
    const two = 'query A { a } query B { b }';
    known.remember(two, 'A', op('A'));
    known.remember('{ c }', undefined, op(null));
    // Full, and the oldest text is `two` itself: it goes, with its entry for A, and B is not orphaned.
    known.remember(two, 'B', op('B'));
    expect(known.find(two, 'B')?.operationName).toBe('B');
    expect(known.find(two, 'A')).toBeUndefined();
    expect(known.size).toBe(2);
    // The count matches what is held: two more texts still fit one after the other, the oldest going first.
    known.remember('{ d }', undefined, op(null));
    known.remember('{ e }', undefined, op(null));
    expect(known.size).toBe(2);
    expect(known.find('{ d }', undefined)).toBeDefined();
    expect(known.find('{ e }', undefined)).toBeDefined();
  });

  it('keeps at most `capacity` entries, forgetting the oldest text first', () => {
    const known = new CompiledOperations(3);
    for (const text of ['{ a }', '{ b }', '{ c }', '{ d }']) known.remember(text, undefined, op(null));
    expect(known.size).toBe(3);
    expect(known.find('{ a }', undefined)).toBeUndefined();
    expect(known.find('{ d }', undefined)).toBeDefined();
    known.remember('{ d }', undefined, op(null));
    expect(known.size).toBe(3);
  });

  it('does not remember texts longer than its text limit (so large documents cannot fill memory)', () => {
    const known = new CompiledOperations(10, { maxTextLength: 100 });
    const long = `{ a } ${'#'.repeat(200)}\n`;
    known.remember(long, undefined, op(null));
    known.remember('{ a }', undefined, op(null));
    expect(known.find(long, undefined)).toBeUndefined();
    expect(known.find('{ a }', undefined)).toBeDefined();
    expect(known.size).toBe(1);
  });

  it('keeps the generated code within its budget, forgetting the oldest texts first, and refuses one that alone exceeds it', () => {
    const known = new CompiledOperations(100, { maxWeight: 1000 });
    for (const text of ['{ a }', '{ b }', '{ c }']) known.remember(text, undefined, op(null, 400));
    expect(known.weight).toBe(800);
    expect(known.find('{ a }', undefined)).toBeUndefined();
    expect(known.find('{ c }', undefined)).toBeDefined();
    expect(known.accepts('{ d }', 1001)).toBe(false);
    known.remember('{ d }', undefined, op(null, 1001));
    expect(known.find('{ d }', undefined)).toBeUndefined();
    expect(known.weight).toBe(800);
    known.remember('{ e }', undefined, op(null, 1000));
    expect(known.size).toBe(1);
    expect(known.weight).toBe(1000);
  });

  it('remembers nothing with capacity 0', () => {
    const known = new CompiledOperations(0);
    known.remember('{ a }', undefined, op(null));
    expect(known.size).toBe(0);
    expect(known.find('{ a }', undefined)).toBeUndefined();
  });

  it('tells a second use from a first, per hash and sent name, within a bound', () => {
    const known = new CompiledOperations(1);
    expect(known.seenBefore('h1', undefined)).toBe(false);
    expect(known.seenBefore('h1', 'A')).toBe(false);
    expect(known.seenBefore('h1', '')).toBe(false);
    expect(known.seenBefore('h1', undefined)).toBe(true);
    expect(known.seenBefore('h1', 'A')).toBe(true);
    expect(known.seenBefore('h1', '')).toBe(true);
    // A second use is consumed: the executor compiles then, and later uses find the compiled entry.
    expect(known.seenBefore('h1', undefined)).toBe(false);
    // At least 1000 first uses are remembered; the oldest goes first.
    for (let i = 0; i < 1000; i += 1) known.seenBefore(`x${i}`, undefined);
    expect(known.seenBefore('h1', undefined)).toBe(false);
    expect(known.seenBefore('x999', undefined)).toBe(true);
    expect(new CompiledOperations(0).seenBefore('h', undefined)).toBe(false);
  });
});

describe('CompiledOperations.seenBefore memory', () => {
  it('keeps hashes, not the sent names: first uses of texts with long operation names hold no copy of the names', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const known = new CompiledOperations(1000);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 4000; i += 1) {
      // A name is as long as the text that declares it (up to maxTextLength, 16 K characters); a flat string,
      // as JSON.parse makes it from each request's body.
      const name = JSON.parse(JSON.stringify(`Q${i}_`.padEnd(16_000, 'x'))) as string;
      known.seenBefore(`hash${i}`.padEnd(64, '0'), name);
    }
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // 4000 entries of ~100 bytes each; keeping the names would be 4000 x 16 KB = 64 MB.
    expect(kept, String(kept)).toBeLessThan(16 * 1024 * 1024);
    // (Also keeps `known` alive through the measurement.) The names still tell the uses apart.
    expect(known.seenBefore(`hash${3999}`.padEnd(64, '0'), `Q3999_`.padEnd(16_000, 'x'))).toBe(true);
    expect(known.seenBefore(`hash${3998}`.padEnd(64, '0'), `Q3998_`.padEnd(16_000, 'y'))).toBe(false);
  });
});
