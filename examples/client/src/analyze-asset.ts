import { print } from 'graphql';
import { graphql } from './gql/index.js';
import type { AnalyzeAssetMutation, AnalyzeInput } from './gql/graphql.js';

/** A typed document: its result and variables types come from schema.snapshot.graphql. */
export const AnalyzeAssetDocument = graphql(/* GraphQL */ `
  mutation AnalyzeAsset($input: AnalyzeInput!) {
    analyzeAsset(input: $input) {
      id
      createdAt
      createdBy
    }
  }
`);

/** Sends the mutation with fetch; `data.analyzeAsset` is typed `{ id, createdAt, createdBy } | null`. */
export async function analyzeAsset(endpoint: string, apiKey: string, input: AnalyzeInput) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: print(AnalyzeAssetDocument), variables: { input } }),
  });
  return (await res.json()) as { data?: AnalyzeAssetMutation | null; errors?: unknown[] };
}
