import { counterFamily, keyPart, keyParts } from '../reports/reportCounters';
import { isSurveyKind, type SurveyKind } from './surveyScales';

/**
 * The survey counters (family `k`, domain/reports/reportCounters.ts), one key per
 * `k|<kind>|<channel>|<journey or ->|<stat>`, each part percent-encoded like every counter key. Counted in
 * the hour the survey occurred; a report adds them up over hours, channels and journeys.
 */

/** The journey part of a survey not attributed to any journey. A journey property of `-` reads the same. */
export const NO_JOURNEY = '-';

/** What is counted per kind. `scoreSum` adds the score itself (for the CES mean); the others add 1. */
export const SURVEY_STATS = {
  csat: ['responses', 'satisfied'],
  nps: ['responses', 'promoters', 'passives', 'detractors'],
  ces: ['responses', 'easy', 'scoreSum'],
} as const satisfies Record<SurveyKind, readonly string[]>;

export type SurveyStat<K extends SurveyKind = SurveyKind> = (typeof SURVEY_STATS)[K][number];

export function surveyCounterKey<K extends SurveyKind>(
  kind: K,
  channel: string,
  journey: string | undefined,
  stat: SurveyStat<K>,
): string {
  return [counterFamily.surveys, kind, channel, journey ?? NO_JOURNEY, stat].map(keyPart).join('|');
}

/** A survey counter key read back; undefined for a key of another family or shape. */
export interface SurveyCounter {
  kind: SurveyKind;
  channel: string;
  /** `-` (NO_JOURNEY) when no journey was attributed. */
  journey: string;
  stat: string;
}

export function parseSurveyCounterKey(key: string): SurveyCounter | undefined {
  if (!key.startsWith(`${counterFamily.surveys}|`)) return undefined;
  const parts = keyParts(key);
  if (parts.length !== 5) return undefined;
  const [, kind, channel, journey, stat] = parts;
  if (!isSurveyKind(kind) || !(SURVEY_STATS[kind] as readonly string[]).includes(stat)) return undefined;
  return { kind, channel, journey, stat };
}
