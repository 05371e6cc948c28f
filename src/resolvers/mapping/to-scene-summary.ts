import type { SceneSummaryState } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../common/is-record.js';
import { toVendorIdString } from '../../upstream/read-types.js';
import type { VendorTimeReader } from '../../upstream/time.js';

/** Tolerant readers of the scene-summary answers (reference §15, CONTRACT-vendor-surface §B.2, §D.4). */
export interface SceneSummaryStatusModel {
  status: SceneSummaryState;
  rawStatus: string | null;
  message: string | null;
  terminal: boolean;
}

export interface SceneSummaryModel {
  indexId: string | null;
  lastAnalyzedAt: Date | null;
  analyzedSceneIds: string[] | null;
  sceneSummaries: unknown[];
  raw: unknown;
}

const KNOWN = new Set<string>(['BEFORE_SUMMARIZE', 'WAIT_SUMMARIZE', 'SUMMARIZING', 'SUMMARIZE_COMPLETED', 'SUMMARIZE_FAIL', 'SUMMARIZE_CANCELED']);
const TERMINAL = new Set<string>(['SUMMARIZE_COMPLETED', 'SUMMARIZE_FAIL', 'SUMMARIZE_CANCELED']);

export function sceneSummaryStatus(status: SceneSummaryState, rawStatus: string | null, message: string | null): SceneSummaryStatusModel {
  return { status, rawStatus, message, terminal: TERMINAL.has(status) };
}

/** The message field is not documented [A]: the first string among the likely names. */
export function toSceneSummaryStatus(result: unknown): SceneSummaryStatusModel {
  const record = isRecord(result) ? result : {};
  const raw = typeof record.status === 'string' ? record.status : null;
  const status = (raw !== null && KNOWN.has(raw) ? raw : 'UNKNOWN') as SceneSummaryState;
  const message = [record.message, record.statusMessage, record.summarizeStatusMessage].find((m) => typeof m === 'string') as string | undefined;
  return sceneSummaryStatus(status, raw, message ?? null);
}

export function toSceneSummary(result: unknown, readTime: VendorTimeReader): SceneSummaryModel {
  const record = isRecord(result) ? result : {};
  const info = isRecord(record.sceneSummaryInfo) ? record.sceneSummaryInfo : {};
  const ids = info.analyzedSceneIds;
  return {
    indexId: toVendorIdString(record.indexId),
    lastAnalyzedAt: readTime(info.lastAnalyzedAt),
    analyzedSceneIds: Array.isArray(ids) ? ids.map(toVendorIdString).filter((id): id is string => id !== null) : null,
    sceneSummaries: Array.isArray(record.sceneSummaries) ? record.sceneSummaries : [],
    raw: result ?? {},
  };
}
