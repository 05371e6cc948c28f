import type { CompiledQuery } from 'graphql-jit';
import { sha256Hex } from '../common/sha256-hex.js';

/** An operation Apollo has already parsed and validated (limits included), compiled by graphql-jit. */
export interface CompiledOperation {
  readonly compiled: CompiledQuery;
  /** The operation's own name (null when anonymous), as Apollo resolved it. */
  readonly operationName: string | null;
  /** Characters of JavaScript graphql-jit generated for it: its memory is ~5x this in bytes. */
  readonly weight: number;
}

export interface CompiledOperationBounds {
  /** Longest query text kept (characters); longer ones are compiled per request and never kept. */
  maxTextLength?: number;
  /** Generated code kept in all (characters): ~8 M characters are ~40 MB of heap. */
  maxWeight?: number;
}

/**
 * The one cache of compiled operations: query text (and the operationName the client sent) -> the
 * operation Apollo accepted for it, compiled. The jit executor fills and reads it
 * (src/graphql/jit-executor.ts).
 *
 * Bounded three ways, oldest text first out: entries, text length and generated code. A compiled
 * operation is far larger than its text (a 2 KB text with 15 aliased fields compiles to ~130 K characters,
 * ~700 KB of heap), so the code budget is what keeps a client sending many distinct valid documents from
 * filling memory.
 */
export class CompiledOperations {
  // Keyed by the name the client sent; `undefined` stands for "none sent" (every string is a name a client may send).
  readonly #byText = new Map<string, { operations: Map<string | undefined, CompiledOperation>; weight: number }>();
  /** Texts used once and not compiled yet, by hash and sent name (see seenBefore); oldest first out. */
  readonly #seenOnce = new Set<string>();
  readonly maxTextLength: number;
  readonly maxWeight: number;
  readonly #maxSeenOnce: number;
  #size = 0;
  #weight = 0;

  constructor(
    readonly capacity: number,
    bounds: CompiledOperationBounds = {},
  ) {
    this.maxTextLength = bounds.maxTextLength ?? MAX_TEXT_LENGTH;
    this.maxWeight = bounds.maxWeight ?? MAX_WEIGHT;
    this.#maxSeenOnce = Math.max(capacity * 4, MIN_SEEN_ONCE);
  }

  find(query: string, operationName: string | undefined): CompiledOperation | undefined {
    return this.#byText.get(query)?.operations.get(operationName);
  }

  /** Whether `remember` would keep an operation of this text and weight (so the executor knows whether to compile). */
  accepts(query: string, weight = 0): boolean {
    return this.capacity > 0 && query.length <= this.maxTextLength && weight <= this.maxWeight;
  }

  /**
   * Whether this text (by its hash) and sent name were used before; records the first use. Compiling
   * costs ~30 executions (~0.6 ms for the analyzeAsset mutation), so the executor compiles a text on its
   * second use: a client that writes literals into one-off texts costs graphql-js's speed, not a
   * compilation per request. Bounded by entries (hashes only, never texts), oldest forgotten first.
   */
  seenBefore(queryHash: string, requestedName: string | undefined): boolean {
    if (this.capacity === 0) return false;
    // A hex hash has no NUL: the absent name and every sent name (even '') give different keys. A sent name is
    // digested: it may be as long as the text (16 K characters), and 4 x capacity of those would be kept.
    const key = requestedName === undefined ? queryHash : sha256Hex(`${queryHash}\0${requestedName}`);
    if (this.#seenOnce.delete(key)) return true;
    if (this.#seenOnce.size >= this.#maxSeenOnce) this.#seenOnce.delete(this.#seenOnce.values().next().value!);
    this.#seenOnce.add(key);
    return false;
  }

  remember(query: string, requestedName: string | undefined, operation: CompiledOperation): void {
    if (!this.accepts(query, operation.weight)) return;
    if (this.#byText.get(query)?.operations.has(requestedName)) return;
    // Make room before looking the text up: the oldest text may be this one, whose entries then go with it.
    while (this.#byText.size > 0 && (this.#size >= this.capacity || this.#weight + operation.weight > this.maxWeight)) this.#forgetOldest();
    let entry = this.#byText.get(query);
    if (!entry) this.#byText.set(query, (entry = { operations: new Map(), weight: 0 }));
    entry.operations.set(requestedName, operation);
    entry.weight += operation.weight;
    this.#size += 1;
    this.#weight += operation.weight;
  }

  get size(): number {
    return this.#size;
  }

  get weight(): number {
    return this.#weight;
  }

  #forgetOldest(): void {
    const oldest = this.#byText.entries().next();
    if (oldest.done) return;
    const [text, entry] = oldest.value;
    this.#size -= entry.operations.size;
    this.#weight -= entry.weight;
    this.#byText.delete(text);
  }
}

/** Texts remembered as used once, at the least (a small cache still sees a text's second use). */
const MIN_SEEN_ONCE = 1000;
/** Characters of query text worth keeping; real operations are a few hundred to a few thousand. */
const MAX_TEXT_LENGTH = 16_384;
/** Generated code kept: ~40 MB of heap; the analyzeAsset mutation compiles to ~9 K characters. */
const MAX_WEIGHT = 8_000_000;
