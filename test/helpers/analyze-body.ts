import { DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';

export const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdAt createdBy } }
`;
export const analyzeBody = (assetId: number, projectId = DEMO_PROJECT_ID, extra: Record<string, unknown> = {}) => ({
  query: ANALYZE,
  operationName: 'Analyze',
  variables: { input: { workspaceName: DEMO_WORKSPACE, projectId: String(projectId), assetId: String(assetId), analysisPersonCount: 2, ...extra } },
});
