import type { CompiledQuery } from 'graphql-jit';

/** An operation Apollo has already parsed, validated (limits included) and run compiled once. */
export interface KnownOperation {
  readonly compiled: CompiledQuery;
  /** The operation's own name (null when anonymous), as Apollo resolved it. */
  readonly operationName: string | null;
  readonly operationType: 'query' | 'mutation';
}

/**
 * Query text (and the operationName the client sent) -> the operation Apollo accepted for it. Parsing
 * and validation depend only on the text and the schema, so a text Apollo accepted once is accepted
 * again; the request path may then run the compiled operation without asking Apollo again
 * (src/http/known-operation-path.ts). Bounded in entries (when full, the oldest makes room) and in text
 * length: longer texts are not remembered (Apollo keeps answering them), so clients cannot fill memory
 * with large documents (comments do not count against the token cap).
 */
export class KnownOperations {
  // Keyed by the name the client sent; `undefined` stands for "none sent" (every string is a name a client may send).
  readonly #byText = new Map<string, Map<string | undefined, KnownOperation>>();
  #size = 0;

  constructor(
    readonly capacity: number,
    readonly maxTextLength = MAX_TEXT_LENGTH,
  ) {}

  find(query: string, operationName: string | undefined): KnownOperation | undefined {
    return this.#byText.get(query)?.get(operationName);
  }

  remember(query: string, requestedName: string | undefined, operation: KnownOperation): void {
    if (this.capacity === 0 || query.length > this.maxTextLength) return;
    if (this.#byText.get(query)?.has(requestedName)) return;
    // Before looking the text up: the oldest text may be this one, whose entries then go with it.
    if (this.#size >= this.capacity) this.#forgetOldest();
    let byName = this.#byText.get(query);
    if (!byName) this.#byText.set(query, (byName = new Map()));
    byName.set(requestedName, operation);
    this.#size += 1;
  }

  get size(): number {
    return this.#size;
  }

  #forgetOldest(): void {
    const oldest = this.#byText.keys().next();
    if (oldest.done) return;
    this.#size -= this.#byText.get(oldest.value)!.size;
    this.#byText.delete(oldest.value);
  }
}

/** Characters of query text worth remembering; real operations are a few hundred to a few thousand. */
const MAX_TEXT_LENGTH = 16_384;
