import { invalidRequest } from '../envelopes.js';
import type { AnalysisSetting, Store } from '../store.js';
import { ReplyError } from './context.js';

const SCENE_RANGES = new Set(['EXTRA_SHORT', 'SHORT', 'MEDIUM', 'LONG']);
// Hyphenated Chinese variants are the vendor spelling (reference §7).
const SOURCE_LANGUAGES = new Set(['ENKO', 'EN', 'KO', 'JA', 'ZH-CN', 'ZH-TW']);

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Validates an /analyze or /index body (reference §8.4, §10). Every failure is the one vendor answer,
 * 400 10001, because the vendor does not say which field was wrong either.
 */
export function parseAnalysisBody(body: Record<string, unknown>, endpoint: 'index' | 'analyze', store: Store): AnalysisSetting {
  const fail = (): never => {
    throw new ReplyError(invalidRequest());
  };
  const { analysisPersonCount, tagIdList, sceneRange, sourceLanguage, detectAudioEffects } = body;

  if (typeof analysisPersonCount !== 'number' || !Number.isInteger(analysisPersonCount)) fail();
  const personCount = analysisPersonCount as number;
  if (personCount < 0 || personCount > 10) fail();

  const setting: AnalysisSetting = {
    analysisPersonCount: personCount,
    sourceLanguage: 'ENKO',
    detectAudioEffects: false,
  };

  if (tagIdList !== undefined) {
    if (!Array.isArray(tagIdList) || tagIdList.length < 1 || tagIdList.length > 30) fail();
    const ids = tagIdList as unknown[];
    // Unknown tags are rejected too (assumed): the emulator knows its whole tag DB.
    if (!ids.every((id) => isPositiveInt(id) && store.personTags.has(id))) fail();
    setting.tagIdList = ids as number[];
  }
  if (sceneRange !== undefined) {
    if (typeof sceneRange !== 'string' || !SCENE_RANGES.has(sceneRange)) fail();
    setting.sceneRange = sceneRange as string;
  }
  if (sourceLanguage !== undefined) {
    if (typeof sourceLanguage !== 'string' || !SOURCE_LANGUAGES.has(sourceLanguage)) fail();
    setting.sourceLanguage = sourceLanguage as string;
  }
  if (detectAudioEffects !== undefined) {
    if (typeof detectAudioEffects !== 'boolean') fail();
    setting.detectAudioEffects = detectAudioEffects as boolean;
  }

  // Custom scene lengths exist only on /index; /analyze ignores the fields as the old API never knew them.
  if (endpoint === 'index') {
    const { minSceneDurationSec: min, maxSceneDurationSec: max } = body;
    if (min !== undefined || max !== undefined) {
      if (!isPositiveNumber(min) || !isPositiveNumber(max) || min > max || sceneRange !== undefined) fail();
      setting.minSceneDurationSec = min as number;
      setting.maxSceneDurationSec = max as number;
    }
  }
  return setting;
}
