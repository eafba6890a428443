/**
 * The three survey scales and what each answer counts as (docs/SURVEYS.md). A score is a point of its scale:
 * an integer within it. Anything else (out of range, a fraction, a string, missing) is not an answer to count —
 * the survey is still an event of the customer's timeline, and its text is still scored for sentiment.
 *
 * - CSAT, 1–5 ("very unsatisfied" … "very satisfied"); satisfied = 4 or 5, CSAT % = satisfied / responses.
 *   The "top-two-box" share, as survey and CX tools (Qualtrics, SurveyMonkey) compute a CSAT percentage.
 * - NPS, 0–10 ("how likely are you to recommend"); promoters 9–10, passives 7–8, detractors 0–6,
 *   NPS = % promoters − % detractors. Reichheld, "The One Number You Need to Grow", Harvard Business Review,
 *   December 2003; Bain & Company's Net Promoter System.
 * - CES, 1–7 agreement with "The company made it easy for me to handle my issue" (1 strongly disagree,
 *   7 strongly agree): the mean, and % easy = answers of 5–7 (somewhat agree or more). CES 2.0 of CEB/Gartner
 *   (Dixon, Toman, DeLisi, "The Effortless Experience", 2013; CES 1.0 in Dixon, Freeman, Toman, "Stop Trying
 *   to Delight Your Customers", HBR, July–August 2010). Higher is easier — CES 1.0's 1–5 "how much effort",
 *   where lower is better, is not this scale.
 */

export const SURVEY_KINDS = ['csat', 'nps', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** The lowest and highest point of each scale. */
export const SURVEY_SCALES: Readonly<Record<SurveyKind, { readonly min: number; readonly max: number }>> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
};

/** CSAT 4 or 5. */
export const CSAT_SATISFIED_FROM = 4;
/** NPS 9 or 10; 0–6 detract, 7–8 are passive. */
export const NPS_PROMOTER_FROM = 9;
export const NPS_DETRACTOR_UP_TO = 6;
/** CES 5, 6 or 7. */
export const CES_EASY_FROM = 5;

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

/** One answer that counts: its kind and its score, a point of the kind's scale. */
export interface SurveyAnswer {
  kind: SurveyKind;
  score: number;
}

export function isSurveyKind(kind: unknown): kind is SurveyKind {
  return typeof kind === 'string' && (SURVEY_KINDS as readonly string[]).includes(kind);
}

/** The answer a survey's properties give, or undefined when the kind is unknown or the score not on its scale. */
export function surveyAnswer(kind: unknown, score: unknown): SurveyAnswer | undefined {
  if (!isSurveyKind(kind)) return undefined;
  if (typeof score !== 'number' || !Number.isInteger(score)) return undefined;
  const { min, max } = SURVEY_SCALES[kind];
  return score >= min && score <= max ? { kind, score } : undefined;
}

export function isSatisfied(csat: number): boolean {
  return csat >= CSAT_SATISFIED_FROM;
}

export function npsGroup(nps: number): NpsGroup {
  if (nps >= NPS_PROMOTER_FROM) return 'promoter';
  return nps <= NPS_DETRACTOR_UP_TO ? 'detractor' : 'passive';
}

export function isEasy(ces: number): boolean {
  return ces >= CES_EASY_FROM;
}
