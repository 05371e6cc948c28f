import { print } from 'graphql';
import { graphql } from './gql/index.js';
import type { AssetSearchResultsQuery, StartAssetSearchInput, StartAssetSearchMutation } from './gql/graphql.js';

/** Starts an asset search; the answer is the handle (`id`) at once. */
export const StartAssetSearchDocument = graphql(/* GraphQL */ `
  mutation StartAssetSearch($input: StartAssetSearchInput!) {
    startAssetSearch(input: $input) {
      workspaceName
      id
    }
  }
`);

/** One page of hits: `results` is null until the search is COMPLETED. */
export const AssetSearchResultsDocument = graphql(/* GraphQL */ `
  query AssetSearchResults($workspaceName: String!, $id: ID!, $page: Int! = 1) {
    assetSearch(workspaceName: $workspaceName, id: $id) {
      searchStatus {
        status
        terminal
        totalCount
      }
      results(page: $page, pageSize: 50) {
        totalCount
        totalPages
        nodes {
          indexId
          asset {
            assetId
            projectId
          }
        }
      }
    }
  }
`);

async function post<T>(endpoint: string, apiKey: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T | null; errors?: unknown[] };
}

/** Starts a text search and reads its first page once; `data.assetSearch.results.nodes[].asset` is typed. */
export async function searchAssets(endpoint: string, apiKey: string, input: StartAssetSearchInput) {
  const started = await post<StartAssetSearchMutation>(endpoint, apiKey, print(StartAssetSearchDocument), { input });
  const handle = started.data?.startAssetSearch;
  if (!handle) return started;
  return post<AssetSearchResultsQuery>(endpoint, apiKey, print(AssetSearchResultsDocument), { workspaceName: handle.workspaceName, id: handle.id });
}
