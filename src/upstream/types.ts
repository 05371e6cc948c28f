/** Vendor (Media Intelligence) payload shapes, as read defensively: every field may be absent (reference §4.1). */

/** Success envelope: `{ code: "0", message: "success", result }` (reference §4.1). */
export interface VendorEnvelope<T> {
  code?: string | number;
  message?: string;
  result?: T;
}

/** `result` of POST …/analyze and (assumed, reference §8.4) POST …/index. */
export interface VendorAnalyzeResult {
  id?: number | string | null;
  indexId?: number | string | null;
  createdTime?: string | null;
  createdUserName?: string | null;
  createUserName?: string | null;
}

/** The request body of POST …/analyze and POST …/index (reference §8.4). */
export interface VendorAnalyzeBody {
  sceneRange?: string;
  minSceneDurationSec?: number;
  maxSceneDurationSec?: number;
  analysisPersonCount: number;
  tagIdList?: number[];
  sourceLanguage?: string;
  detectAudioEffects?: boolean;
}

/** What the AssetIndex resolvers read: the vendor result, already checked and converted. */
export interface AssetIndexModel {
  id: string;
  createdAt: Date;
  createdBy: string;
}
