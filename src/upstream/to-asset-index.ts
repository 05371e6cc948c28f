import type { AssetIndexModel, VendorAnalyzeResult } from './types.js';
import type { VendorTimeReader } from './time.js';
import { unreadableAnswer } from './map-error.js';

/**
 * Reads the analyze/index answer (reference §8.4: `result.id`, `createdTime`, `createdUserName`).
 * The `/index` response is assumed to mirror `/analyze`; tolerated variants: `indexId` for `id`,
 * the `createUserName` spelling, numeric ids. Without an id the answer is unusable; without a
 * readable `createdTime` the time the answer arrived stands in (and `onFallback` is told, for a
 * warning in the log), so an analysis the vendor accepted is not reported as a failure: a client
 * retry would only meet a 409 (the `/index` answer is an assumption, reference §8.4).
 */
export function toAssetIndex(
  result: VendorAnalyzeResult | undefined | null,
  readTime: VendorTimeReader,
  onFallback: (problem: string) => void = () => {},
  receivedAt: Date = new Date(),
): AssetIndexModel {
  const id = result?.id ?? result?.indexId;
  if (typeof id !== 'string' && typeof id !== 'number') throw unreadableAnswer(200, 'analyze result without id');
  let createdAt = readTime(result?.createdTime);
  if (createdAt === null) {
    onFallback('createdTime missing or unreadable; using the time the answer arrived');
    createdAt = receivedAt;
  }
  return {
    id: String(id),
    createdAt,
    createdBy: result?.createdUserName ?? result?.createUserName ?? '',
  };
}
