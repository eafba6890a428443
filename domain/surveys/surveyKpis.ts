import type { SurveyStat } from './surveyCounterKeys';
import type { SurveyKind } from './surveyScales';

/** The counters of one kind added up: one number per stat of surveyCounterKeys.ts. */
export type SurveyTally<K extends SurveyKind> = Record<SurveyStat<K>, number>;

export interface SurveyTallies {
  csat: SurveyTally<'csat'>;
  nps: SurveyTally<'nps'>;
  ces: SurveyTally<'ces'>;
}

export function emptyTallies(): SurveyTallies {
  return {
    csat: { responses: 0, satisfied: 0 },
    nps: { responses: 0, promoters: 0, passives: 0, detractors: 0 },
    ces: { responses: 0, easy: 0, scoreSum: 0 },
  };
}

export interface Csat {
  responses: number;
  satisfied: number;
  /** % satisfied (4 or 5 of 5), 0–100, one decimal; null without responses. */
  score: number | null;
}

export interface Nps {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100–100, one decimal; null without responses. */
  score: number | null;
}

export interface Ces {
  responses: number;
  /** Mean agreement on the 1–7 scale, two decimals; null without responses. */
  mean: number | null;
  /** % easy (5–7), 0–100, one decimal; null without responses. */
  easyShare: number | null;
}

export interface SurveyKpis {
  csat: Csat;
  nps: Nps;
  ces: Ces;
}

/**
 * Rounded half away from zero, so +x and −x are mirror images (as the sentiment metrics round NSS,
 * domain/sentiment/netSentiment.ts); `|| 0` keeps −0 out of the JSON.
 */
function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale || 0;
}

/** A share of the responses in percentage points, one decimal. */
const percent = (part: number, responses: number) => round((part / responses) * 100, 1);

export function csatKpi({ responses, satisfied }: SurveyTally<'csat'>): Csat {
  return { responses, satisfied, score: responses === 0 ? null : percent(satisfied, responses) };
}

export function npsKpi({ responses, promoters, passives, detractors }: SurveyTally<'nps'>): Nps {
  const score = responses === 0 ? null : round(((promoters - detractors) / responses) * 100, 1);
  return { responses, promoters, passives, detractors, score };
}

export function cesKpi({ responses, easy, scoreSum }: SurveyTally<'ces'>): Ces {
  if (responses === 0) return { responses, mean: null, easyShare: null };
  return { responses, mean: round(scoreSum / responses, 2), easyShare: percent(easy, responses) };
}

export function surveyKpis(tallies: SurveyTallies): SurveyKpis {
  return { csat: csatKpi(tallies.csat), nps: npsKpi(tallies.nps), ces: cesKpi(tallies.ces) };
}
