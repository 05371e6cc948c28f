import type { IndexRecord } from '../store.js';

/**
 * The analysis payload of GET .../indexes/{iid}. The vendor schema after `analysisSetting` was NOT readable
 * (reference §8.5), so everything here is INVENTED demo data: the gateway must treat it as opaque JSON.
 * It exists so that the confidence filter visibly changes the answer.
 */
export type ConfidenceLevel = 'LOW' | 'MEDIUM' | 'HIGH';

const THRESHOLD: Record<ConfidenceLevel, number> = { LOW: 0.3, MEDIUM: 0.6, HIGH: 0.85 };

interface Keyword {
  keyword: string;
  category: string;
  confidence: number;
}

const SCENES: ReadonlyArray<{ start: number; end: number; script: string; keywords: Keyword[] }> = [
  {
    start: 0,
    end: 18.4,
    script: 'Welcome everyone, and thank you for joining us today.',
    keywords: [
      { keyword: 'stage', category: 'PLACE', confidence: 0.94 },
      { keyword: 'presenter', category: 'PERSON', confidence: 0.88 },
      { keyword: 'microphone', category: 'OBJECT', confidence: 0.71 },
      { keyword: 'audience', category: 'PERSON', confidence: 0.45 },
    ],
  },
  {
    start: 18.4,
    end: 42.0,
    script: 'Let me show you what we have been building this year.',
    keywords: [
      { keyword: 'screen', category: 'OBJECT', confidence: 0.91 },
      { keyword: 'laptop', category: 'OBJECT', confidence: 0.66 },
      { keyword: 'pointing', category: 'ACTION', confidence: 0.52 },
      { keyword: 'logo', category: 'OBJECT', confidence: 0.34 },
    ],
  },
  {
    start: 42.0,
    end: 61.5,
    script: 'Thank you, and see you next time.',
    keywords: [
      { keyword: 'applause', category: 'ACTION', confidence: 0.87 },
      { keyword: 'crowd', category: 'PERSON', confidence: 0.63 },
      { keyword: 'lights', category: 'OBJECT', confidence: 0.31 },
    ],
  },
];

export function indexPayload(index: IndexRecord, level: ConfidenceLevel) {
  const personCount = index.setting.analysisPersonCount;
  const scenes = SCENES.map((scene, i) => ({
    sceneId: i + 1,
    startTime: scene.start,
    endTime: scene.end,
    // Person analysis off (count 0) means no persons, as on the real service.
    persons: personCount > 0 && i !== 1 ? [{ personId: 7001, name: 'Demo Presenter', confidence: 0.9 }] : [],
    keywords: scene.keywords.filter((k) => k.confidence >= THRESHOLD[level]),
    script: scene.script,
    ...(index.setting.detectAudioEffects && i === 2 ? { audioEffects: [{ type: 'APPLAUSE', startTime: 44.0, endTime: 50.2 }] } : {}),
  }));
  return { confidenceLevel: level, duration: SCENES.at(-1)?.end ?? 0, sceneCount: scenes.length, scenes };
}
