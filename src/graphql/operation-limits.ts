import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/config.js';

export interface RequestLimitProtection {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/**
 * GraphQL Armor's caps on one operation (depth, aliases, directives, tokens, cost), checked while
 * Apollo parses and validates, so an abusive document is refused before any resolver or upstream call.
 * Refusals are plain GraphQL errors (GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED, HTTP 400).
 * The token cap uses graphql-js's own `parse(…, { maxTokens })` rather than Armor's max-tokens plugin: that
 * plugin throws inside Apollo's parsingDidStart hook, which Apollo reports as a masked 500.
 * Introspection is exempt from depth and cost (the explorer's own introspection query is deep).
 * Armor's only Apollo plugin (field suggestions masked in didEncounterErrors) is off: formatError masks them
 * on every path (src/common/errors.ts), without a plugin hook per request.
 */
export function createRequestLimits(limits: RequestLimits): RequestLimitProtection {
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
