import { assetTypeOf, type Asset, type Store } from './store.js';

/** Demo ids, exported so the sandbox and tests never hard-code magic numbers. */
export const DEMO_WORKSPACE = 'demo-workspace';
export const DEMO_BUCKET = 'demo-bucket';
export const DEMO_PROJECT_ID = 1001;
export const DEMO_TRAILERS_PROJECT_ID = 1002;
/** Registered and never analysed: the one to analyse in demos and tests. */
export const DEMO_ASSET_ID = 5002;
export const DEMO_ANALYSED_ASSET_ID = 5001;
export const DEMO_INDEX_ID = 9001;
export const DEMO_UPLOADING_ASSET_ID = 5003;
/** Analysis of this one always ends ANALYZE_FAIL ("fail" in its file name). */
export const DEMO_FAILING_ASSET_ID = 5004;
export const DEMO_TRAILER_ASSET_ID = 5101;
/**
 * One fresh asset per sandbox example (the startup banner's curl, the explorer's mutation, the README's
 * curl), so running them one after another never answers ANALYSIS_IN_PROGRESS. Sandbox seed only.
 */
export const SANDBOX_EXAMPLE_ASSETS = { banner: DEMO_ASSET_ID, explorer: 5005, readme: 5006 } as const;
export const DEMO_PERSON_TAG_IDS = [101, 203, 307] as const;
export const DEMO_PERSON_TAG_NAMES = ['Anchor', 'Guest', 'Reporter'] as const;
/** Seeded persons: 1001 (named, tagged 101), 1002 and 1003 (look-alikes of 1001), 1004 (anonymous). */
export const DEMO_PERSON_IDS = [1001, 1002, 1003, 1004] as const;
export const DEMO_THUMBNAIL_KEY = 'demo-workspace/person-thumbnails/seed-hong.jpg';
/** A finished asset search in the demo workspace: 60 hits over four assets (a full page of 50 and one of 10). */
export const DEMO_SEARCH_ID = 'demo-search';
export const DEMO_SEARCH_HIT_COUNT = 60;

// Fixed past instants (rendered in the configured zone) keep seeded responses stable across runs.
const CREATED = Date.UTC(2026, 0, 22, 1, 2, 11);
const ANALYSED = Date.UTC(2026, 2, 2, 0, 20, 11);
const ANALYSIS_TOOK_MS = 21 * 60_000 + 44_000;

export function seedDemoData(store: Store): void {
  store.workspaces.set(DEMO_WORKSPACE, { name: DEMO_WORKSPACE, bucketName: DEMO_BUCKET, createdAt: CREATED, updatedAt: CREATED });
  store.projects.set(DEMO_PROJECT_ID, {
    id: DEMO_PROJECT_ID,
    workspace: DEMO_WORKSPACE,
    name: 'Default',
    isBaseProject: true,
    createdAt: CREATED,
    updatedAt: CREATED,
  });
  store.projects.set(DEMO_TRAILERS_PROJECT_ID, {
    id: DEMO_TRAILERS_PROJECT_ID,
    workspace: DEMO_WORKSPACE,
    name: 'Trailers',
    isBaseProject: false,
    createdAt: CREATED,
    updatedAt: CREATED,
  });
  for (const id of DEMO_PERSON_TAG_IDS) store.personTags.add(id);

  const add = (id: number, projectId: number, fileName: string, importDoneAt = CREATED): Asset => {
    const asset: Asset = {
      id,
      projectId,
      fileName,
      assetType: assetTypeOf(fileName),
      createdAt: CREATED,
      importDoneAt,
      importOutcome: 'COMPLETED',
      run: undefined,
      indexes: [],
    };
    store.assets.set(id, asset);
    return asset;
  };

  const intro = add(DEMO_ANALYSED_ASSET_ID, DEMO_PROJECT_ID, 'intro.mp4');
  const setting = { analysisPersonCount: 3, sceneRange: 'MEDIUM', sourceLanguage: 'ENKO', detectAudioEffects: false };
  intro.run = {
    indexId: DEMO_INDEX_ID,
    requestedAt: ANALYSED,
    stepMs: ANALYSIS_TOOK_MS / 2,
    via: 'index',
    willFail: false,
    setting,
    cancelledAt: undefined,
    settled: true,
  };
  intro.indexes.push({ id: DEMO_INDEX_ID, type: 'VIDEO', createdAt: ANALYSED, completedAt: ANALYSED + ANALYSIS_TOOK_MS, setting });
  store.analysisCounts.set(DEMO_WORKSPACE, 1);

  add(DEMO_ASSET_ID, DEMO_PROJECT_ID, 'keynote.mp4');
  add(DEMO_UPLOADING_ASSET_ID, DEMO_PROJECT_ID, 'uploading.mp4', Number.POSITIVE_INFINITY);
  add(DEMO_FAILING_ASSET_ID, DEMO_PROJECT_ID, 'broken-fail.mp4');
  add(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID, 'trailer.mp4');
  seedPeople(store);

  // A finished search, and a finished scene summary of the analysed asset's index (both long settled).
  const hitAssets = [intro, store.assets.get(DEMO_ASSET_ID), store.assets.get(DEMO_FAILING_ASSET_ID), store.assets.get(DEMO_TRAILER_ASSET_ID)];
  const hits = Array.from({ length: DEMO_SEARCH_HIT_COUNT }, (_, i) => {
    const asset = hitAssets[i % hitAssets.length] as Asset;
    return {
      projectId: asset.projectId,
      assetId: asset.id,
      indexId: DEMO_INDEX_ID,
      sceneId: Math.floor(i / hitAssets.length) + 1,
      score: Math.round((0.99 - i / 100) * 100) / 100,
    };
  });
  store.search.searches.set(DEMO_SEARCH_ID, { id: DEMO_SEARCH_ID, workspace: DEMO_WORKSPACE, startedAt: ANALYSED, stepMs: 1000, willFail: false, hits });
  store.search.summaries.set(DEMO_ANALYSED_ASSET_ID, {
    indexId: DEMO_INDEX_ID,
    requestedAt: ANALYSED + ANALYSIS_TOOK_MS,
    stepMs: 60_000,
    willFail: false,
    cancelledAt: undefined,
    sceneIds: null,
    locale: 'en',
    hadCompleted: false,
  });
}

/** The sandbox's extra analysable assets (SANDBOX_EXAMPLE_ASSETS), in the Default project. */
export function seedSandboxExamples(store: Store): void {
  for (const [id, fileName] of [
    [SANDBOX_EXAMPLE_ASSETS.explorer, 'product-tour.mp4'],
    [SANDBOX_EXAMPLE_ASSETS.readme, 'interview.mp4'],
  ] as const) {
    store.assets.set(id, {
      id,
      projectId: DEMO_PROJECT_ID,
      fileName,
      assetType: assetTypeOf(fileName),
      createdAt: CREATED,
      importDoneAt: CREATED,
      importOutcome: 'COMPLETED',
      run: undefined,
      indexes: [],
    });
  }
}

function seedPeople(store: Store): void {
  const people = store.people;
  DEMO_PERSON_TAG_IDS.forEach((id, i) => people.addTag(DEMO_WORKSPACE, DEMO_PERSON_TAG_NAMES[i]!, CREATED, id));
  people.uploads.set(DEMO_THUMBNAIL_KEY, true);
  const names = ['Gildong Hong', 'Gildong Hong (2)', 'G. Hong', null];
  DEMO_PERSON_IDS.forEach((id, i) => {
    const person = people.addPerson(
      DEMO_WORKSPACE,
      { name: names[i] ?? null, description: null, thumbnails: [{ key: DEMO_THUMBNAIL_KEY, isPrimary: true }] },
      CREATED,
      id,
    );
    person.assetCount = 4 - i;
    person.sceneCount = 10 * (4 - i);
  });
  people.persons.get(DEMO_PERSON_IDS[0])!.tagIds.push(DEMO_PERSON_TAG_IDS[0]);
}
