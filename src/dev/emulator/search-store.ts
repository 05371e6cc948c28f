/**
 * Emulator state of asset searches, query-image uploads and scene summaries. Like analyses, progress is
 * computed lazily from timestamps on every read (no timers).
 */
export type SearchStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type SummaryStatus = 'BEFORE_SUMMARIZE' | 'WAIT_SUMMARIZE' | 'SUMMARIZING' | 'SUMMARIZE_COMPLETED' | 'SUMMARIZE_FAIL' | 'SUMMARIZE_CANCELED';

export interface SearchHit {
  projectId: number;
  assetId: number;
  indexId: number;
  sceneId: number;
  score: number;
}

export interface SearchRecord {
  id: string;
  workspace: string;
  startedAt: number;
  stepMs: number;
  willFail: boolean;
  hits: SearchHit[];
}

export interface QueryUpload {
  key: string;
  createdAt: number;
  readyAt: number;
  missing: boolean;
}

export interface SummaryRun {
  indexId: number;
  requestedAt: number;
  stepMs: number;
  willFail: boolean;
  cancelledAt: number | undefined;
  sceneIds: number[] | null;
  locale: string | null;
  /** A completed run of the same index came before this one (partial re-runs need one). */
  hadCompleted: boolean;
}

export function searchStatus(search: SearchRecord, now: number): SearchStatus {
  if (now - search.startedAt < search.stepMs) return 'IN_PROGRESS';
  return search.willFail ? 'FAILED' : 'COMPLETED';
}

export function summaryStatus(run: SummaryRun | undefined, now: number): SummaryStatus {
  if (!run) return 'BEFORE_SUMMARIZE';
  if (run.cancelledAt !== undefined) return 'SUMMARIZE_CANCELED';
  const elapsed = now - run.requestedAt;
  if (elapsed < run.stepMs) return 'WAIT_SUMMARIZE';
  if (elapsed < 2 * run.stepMs) return 'SUMMARIZING';
  return run.willFail ? 'SUMMARIZE_FAIL' : 'SUMMARIZE_COMPLETED';
}

export function isSummaryRunning(run: SummaryRun | undefined, now: number): boolean {
  const status = summaryStatus(run, now);
  return status === 'WAIT_SUMMARIZE' || status === 'SUMMARIZING';
}

export class SearchStore {
  readonly searches = new Map<string, SearchRecord>();
  readonly uploads = new Map<string, QueryUpload>();
  /** Per asset id: the latest scene-summary run (removed with its index). */
  readonly summaries = new Map<number, SummaryRun>();
  private nextSearch = 1;
  private nextUpload = 1;

  constructor(readonly stepMs: number) {}

  newSearchId(): string {
    return `search-${String(this.nextSearch++).padStart(4, '0')}`;
  }

  newUploadKey(fileName: string): string {
    return `query-images/${this.nextUpload++}/${fileName}`;
  }
}
