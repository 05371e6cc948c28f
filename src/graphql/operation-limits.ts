import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/config.js';
import type { Context } from './context.js';

export interface RequestLimitProtection {
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  /** What the plugins do to execution errors (`didEncounterErrors`), for answers made without Apollo. */
  rewriteErrors: (errors: GraphQLError[]) => Promise<void>;
}

/**
 * GraphQL Armor's caps on one operation (depth, aliases, directives, tokens, cost), checked while
 * Apollo parses and validates, so an abusive document is refused before any resolver or upstream call.
 * Refusals are plain GraphQL errors (GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED, HTTP 400).
 * The token cap uses graphql-js's own `parse(…, { maxTokens })` rather than Armor's max-tokens plugin: that
 * plugin throws inside Apollo's parsingDidStart hook, which Apollo reports as a masked 500.
 * Introspection is exempt from depth and cost (the explorer's own introspection query is deep).
 * Field suggestions ("Did you mean …") are masked so the schema cannot be guessed with introspection off.
 */
export function createRequestLimits(limits: RequestLimits): RequestLimitProtection {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // Armor's typings come from Apollo's CJS build (ours from its ESM build, so HeaderMap differs
  // nominally) and use the default context; its plugins are plain objects that never read the context.
  const apolloPlugins = plugins as unknown as ApolloServerPlugin<Context>[];
  // Armor's plugins read neither the request context nor anything but `errors` in didEncounterErrors.
  const rewriteErrors = async (errors: GraphQLError[]) => {
    for (const plugin of apolloPlugins) {
      const listener = await plugin.requestDidStart?.(undefined as never);
      await listener?.didEncounterErrors?.({ errors } as never);
    }
  };
  return { plugins: apolloPlugins, validationRules, parseOptions: { maxTokens: limits.maxTokens }, rewriteErrors };
}
