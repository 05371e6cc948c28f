import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/**
 * What a parsed document costs per character of its text, at most: graphql-js keeps every token of the
 * text (comments included) linked from the document's location, plus the AST (~30-60 bytes a character
 * measured; 64 is the bound).
 */
export const BYTES_PER_TEXT_CHARACTER = 64;

/**
 * Apollo's cache of parsed and validated documents, sized by what a document holds in memory. Apollo's
 * default sizes an entry by its JSON, which leaves the token chain out: 500 comment-padded 16 KB documents
 * held ~360 MB under its 30 MB cap. Sized by text length here, the cap holds.
 */
export function createDocumentStore(maxBytes = DEFAULT_MAX_BYTES): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    maxSize: maxBytes,
    sizeCalculation: (document: DocumentNode) => Math.max(1, (document.loc?.source.body.length ?? 1024) * BYTES_PER_TEXT_CHARACTER),
  });
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
