import { SearchStore } from './search-store.js';

/**
 * In-memory MI state. Progress is computed LAZILY from timestamps on every read (no timers), so a test
 * that never polls leaves nothing running, and a slow CI machine only sees states move later, never wrongly.
 */
import { PersonStore } from './person-store.js';

export type UploadStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'FILE_NOT_EXIST' | 'INVALID_METADATA';
export type AnalysisStatus = 'BEFORE_ANALYZE' | 'WAIT_ANALYZE' | 'ANALYZING' | 'ANALYZE_COMPLETED' | 'ANALYZE_FAIL' | 'ANALYZE_CANCEL';
export type AssetType = 'VIDEO' | 'IMAGE';

export const USER_NAME = 'demo-user';
export const ANALYSIS_ENGINE = 'Sinossi v2.1';
export const FAIL_MESSAGE = 'An error occurred during video analysis (video parsing failure).';

export interface Workspace {
  name: string;
  bucketName: string | null;
  createdAt: number;
  updatedAt: number;
}
export interface Project {
  id: number;
  workspace: string;
  name: string;
  isBaseProject: boolean;
  createdAt: number;
  updatedAt: number;
}

/** The options as validated from the request body; echoed back in `analysisSetting`. */
export interface AnalysisSetting {
  analysisPersonCount: number;
  sceneRange?: string;
  minSceneDurationSec?: number;
  maxSceneDurationSec?: number;
  tagIdList?: number[];
  sourceLanguage: string;
  detectAudioEffects: boolean;
}

export interface IndexRecord {
  id: number;
  type: AssetType;
  createdAt: number;
  completedAt: number;
  setting: AnalysisSetting;
}

export interface AnalysisRun {
  indexId: number;
  requestedAt: number;
  /** Captured per run so changing options later cannot rewrite history. */
  stepMs: number;
  /** /index keeps only the latest index (reference §6); deprecated /analyze appends. */
  via: 'index' | 'analyze';
  willFail: boolean;
  setting: AnalysisSetting;
  cancelledAt: number | undefined;
  settled: boolean;
}

export interface Asset {
  id: number;
  projectId: number;
  fileName: string;
  assetType: AssetType;
  createdAt: number;
  /** Infinity keeps an import IN_PROGRESS forever (seed asset 5003). */
  importDoneAt: number;
  importOutcome: UploadStatus;
  run: AnalysisRun | undefined;
  indexes: IndexRecord[];
}

export interface StatusView {
  status: AnalysisStatus;
  analyzeStatusMessage: string | null;
  indexId: number | null;
}

export const UPLOAD_RESULT: Record<UploadStatus, string> = {
  IN_PROGRESS: 'Upload in progress',
  COMPLETED: 'Upload completed',
  FAILED: 'Upload failed',
  FILE_NOT_EXIST: 'The file does not exist in the bucket.',
  INVALID_METADATA: 'Unsupported resolution (supported resolutions: 360p-1080p)',
};

const IMAGE_EXTENSIONS = /\.(jpe?g|png|heic)$/i;

export function assetTypeOf(fileName: string): AssetType {
  return IMAGE_EXTENSIONS.test(fileName) ? 'IMAGE' : 'VIDEO';
}

function runPhase(run: AnalysisRun, now: number): AnalysisStatus {
  if (run.cancelledAt !== undefined) return 'ANALYZE_CANCEL';
  const elapsed = now - run.requestedAt;
  if (elapsed < run.stepMs) return 'WAIT_ANALYZE';
  if (elapsed < 2 * run.stepMs) return 'ANALYZING';
  return run.willFail ? 'ANALYZE_FAIL' : 'ANALYZE_COMPLETED';
}

export class Store {
  readonly workspaces = new Map<string, Workspace>();
  readonly projects = new Map<number, Project>();
  readonly assets = new Map<number, Asset>();
  readonly personTags = new Set<number>();
  /** Persons, tags and thumbnail uploads (src/dev/emulator/person-store.ts). */
  readonly people = new PersonStore();
  /** Analyses requested per workspace, for `monthlyAnalysisCount`. */
  readonly analysisCounts = new Map<string, number>();
  /** Asset searches, query-image uploads and scene summaries (search-store.ts). */
  readonly search: SearchStore;
  private nextAssetId = 6001;
  private nextIndexId = 9101;

  constructor(private readonly steps: { analysisStepMs: number; importStepMs: number }) {
    this.search = new SearchStore(steps.analysisStepMs);
  }

  get importStepMs(): number {
    return this.steps.importStepMs;
  }

  projectsOf(workspace: string): Project[] {
    return [...this.projects.values()].filter((p) => p.workspace === workspace);
  }

  assetsOf(projectId: number): Asset[] {
    return [...this.assets.values()].filter((a) => a.projectId === projectId);
  }

  importAsset(projectId: number, key: string, now: number): Asset {
    const fileName = key.slice(key.lastIndexOf('/') + 1);
    // Magic substrings let tests reach the failure outcomes without a real bucket.
    const outcome: UploadStatus = key.includes('missing') ? 'FILE_NOT_EXIST' : key.includes('4k') ? 'INVALID_METADATA' : 'COMPLETED';
    const asset: Asset = {
      id: this.nextAssetId++,
      projectId,
      fileName,
      assetType: assetTypeOf(fileName),
      createdAt: now,
      importDoneAt: now + this.steps.importStepMs,
      importOutcome: outcome,
      run: undefined,
      indexes: [],
    };
    this.assets.set(asset.id, asset);
    return asset;
  }

  uploadStatus(asset: Asset, now: number): UploadStatus {
    return now < asset.importDoneAt ? 'IN_PROGRESS' : asset.importOutcome;
  }

  isRunning(asset: Asset, now: number): boolean {
    if (!asset.run) return false;
    const phase = runPhase(asset.run, now);
    return phase === 'WAIT_ANALYZE' || phase === 'ANALYZING';
  }

  startAnalysis(workspace: string, asset: Asset, setting: AnalysisSetting, via: AnalysisRun['via'], now: number): AnalysisRun {
    this.settle(asset, now);
    const run: AnalysisRun = {
      indexId: this.nextIndexId++,
      requestedAt: now,
      stepMs: this.steps.analysisStepMs,
      via,
      willFail: asset.fileName.includes('fail'),
      setting,
      cancelledAt: undefined,
      settled: false,
    };
    asset.run = run;
    this.analysisCounts.set(workspace, (this.analysisCounts.get(workspace) ?? 0) + 1);
    return run;
  }

  /** False when nothing is queued or running (the caller answers 409). */
  cancelAnalysis(asset: Asset, now: number): boolean {
    if (!asset.run || !this.isRunning(asset, now)) return false;
    asset.run.cancelledAt = now;
    return true;
  }

  /**
   * Removes one settled index (false when there is none by that id). Irreversible; whatever depends on
   * the index (scene summaries, reference §8.5) must be removed here too.
   */
  deleteIndex(asset: Asset, indexId: number, now: number): boolean {
    const before = this.indexesOf(asset, now).length;
    asset.indexes = asset.indexes.filter((index) => index.id !== indexId);
    const removed = asset.indexes.length < before;
    if (removed && this.search.summaries.get(asset.id)?.indexId === indexId) this.search.summaries.delete(asset.id);
    return removed;
  }

  status(asset: Asset, now: number): StatusView {
    this.settle(asset, now);
    const latest = asset.indexes.at(-1)?.id ?? null;
    if (!asset.run) return { status: 'BEFORE_ANALYZE', analyzeStatusMessage: null, indexId: latest };
    const status = runPhase(asset.run, now);
    return { status, analyzeStatusMessage: status === 'ANALYZE_FAIL' ? FAIL_MESSAGE : null, indexId: latest };
  }

  indexesOf(asset: Asset, now: number): IndexRecord[] {
    this.settle(asset, now);
    return asset.indexes;
  }

  /** Materialises the index of a run whose completion time has passed; idempotent. */
  settle(asset: Asset, now: number): void {
    const run = asset.run;
    if (!run || run.settled || runPhase(run, now) !== 'ANALYZE_COMPLETED') return;
    const index: IndexRecord = {
      id: run.indexId,
      type: asset.assetType,
      createdAt: run.requestedAt,
      completedAt: run.requestedAt + 2 * run.stepMs,
      setting: run.setting,
    };
    asset.indexes = run.via === 'index' ? [index] : [...asset.indexes, index];
    run.settled = true;
  }
}
