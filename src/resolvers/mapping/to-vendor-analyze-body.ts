import type { AnalyzeInput } from '../../__generated__/resolvers-types.js';
import type { VendorAnalyzeBody } from '../../upstream/types.js';
import { toPersonCount, toTagIdList } from '../validate/asset-input.js';

/** The analysis options shared by analyzeAsset and requestIndex. */
export type AnalysisOptions = Pick<AnalyzeInput, 'analysisPersonCount' | 'sceneRange' | 'tagIds' | 'sourceLanguage' | 'detectAudioEffects'>;

/** CONTRACT.md mapping; fields the client did not give (or gave as null) are not sent. */
export function toVendorAnalyzeBody(input: AnalysisOptions): VendorAnalyzeBody {
  const body: VendorAnalyzeBody = { analysisPersonCount: toPersonCount(input.analysisPersonCount) };
  if (input.sceneRange != null) body.sceneRange = input.sceneRange;
  // An empty list restricts nothing and the vendor wants 1 to 30 entries, so it is not sent.
  if (input.tagIds != null && input.tagIds.length > 0) body.tagIdList = toTagIdList(input.tagIds);
  if (input.sourceLanguage != null) body.sourceLanguage = input.sourceLanguage;
  if (input.detectAudioEffects != null) body.detectAudioEffects = input.detectAudioEffects;
  return body;
}
