import type { AnalysisState } from '../../__generated__/enums.js';

/** `result` of GET …/analyze-status (reference §8.4) and, assumed the same, GET …/index/status. */
export interface VendorAnalysisStatus {
  status?: string | null;
  analyzeStatusMessage?: string | null;
  /** The vendor's own example spells it this way (reference §5). */
  analysisStatusMessage?: string | null;
  indexId?: number | string | null;
}

export interface AnalysisStatusModel {
  status: AnalysisState;
  rawStatus: string | null;
  message: string | null;
  indexId: string | null;
  terminal: boolean;
}

const KNOWN = new Set<string>(['BEFORE_ANALYZE', 'WAIT_ANALYZE', 'ANALYZING', 'ANALYZE_COMPLETED', 'ANALYZE_FAIL', 'ANALYZE_CANCEL']);
export const TERMINAL_STATES: ReadonlySet<AnalysisState> = new Set<AnalysisState>(['ANALYZE_COMPLETED', 'ANALYZE_FAIL', 'ANALYZE_CANCEL']);

/** Unknown or missing states become UNKNOWN with the raw value kept; both message spellings are read. */
export function toAnalysisStatus(result: VendorAnalysisStatus | null | undefined): AnalysisStatusModel {
  const raw = typeof result?.status === 'string' ? result.status : null;
  const status = (raw !== null && KNOWN.has(raw) ? raw : 'UNKNOWN') as AnalysisState;
  const indexId = result?.indexId;
  return {
    status,
    rawStatus: raw,
    message: result?.analyzeStatusMessage ?? result?.analysisStatusMessage ?? null,
    indexId: typeof indexId === 'number' || (typeof indexId === 'string' && indexId !== '') ? String(indexId) : null,
    terminal: TERMINAL_STATES.has(status),
  };
}
