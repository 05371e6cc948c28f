/**
 * The one request every target serves, and the fixed credentials of the bench tenant. Shared by
 * the harness (to build the load and check answers) and the comparison servers.
 */
export const API_KEY = 'bench-client-key-0001';
export const ACCESS_KEY = 'BENCHACCESSKEY0001';
export const SECRET_KEY = 'bench-secret-key-not-a-real-one-0001';

/** The contract's analyzeAsset mutation, sent with variables as a client app would. */
export const QUERY = /* GraphQL */ `mutation Analyze($input: AnalyzeInput!) {
  analyzeAsset(input: $input) { id createdAt createdBy }
}`;
export const VARIABLES = {
  input: {
    workspaceName: 'bench-ws',
    projectId: '1001',
    assetId: '5002',
    analysisPersonCount: 3,
    sceneRange: 'MEDIUM',
    sourceLanguage: 'ZH_CN',
    tagIds: ['7', '8'],
  },
};
export const REQUEST_BODY = JSON.stringify({ operationName: 'Analyze', query: QUERY, variables: VARIABLES });
export const REQUEST_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

/** What the upstream answers (reference §8.4 shape; createdTime without offset, read in Asia/Seoul). */
export const UPSTREAM_ANSWER = JSON.stringify({
  code: '0',
  message: 'success',
  result: { id: 'idx-000123', createdTime: '2025-08-15T17:13:48', createdUserName: 'bench-user' },
});
/** What every target must answer for that upstream answer. */
export const EXPECTED_DATA = { analyzeAsset: { id: 'idx-000123', createdAt: '2025-08-15T08:13:48.000Z', createdBy: 'bench-user' } };
/** The body the upstream must receive (CONTRACT.md mapping). */
export const EXPECTED_UPSTREAM_BODY = { analysisPersonCount: 3, sceneRange: 'MEDIUM', tagIdList: [7, 8], sourceLanguage: 'ZH-CN' };
