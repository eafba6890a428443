import { describe, expect, it } from 'vitest';
import { isEasy, isSatisfied, npsGroup, surveyAnswer } from '../../../domain/surveys/surveyScales';

describe('surveyAnswer', () => {
  it('takes every point of each scale, ends included', () => {
    for (const [kind, min, max] of [
      ['csat', 1, 5],
      ['nps', 0, 10],
      ['ces', 1, 7],
    ] as const) {
      expect(surveyAnswer(kind, min)).toEqual({ kind, score: min });
      expect(surveyAnswer(kind, max)).toEqual({ kind, score: max });
      expect(surveyAnswer(kind, min - 1), `${kind} ${min - 1}`).toBeUndefined();
      expect(surveyAnswer(kind, max + 1), `${kind} ${max + 1}`).toBeUndefined();
    }
  });

  it('does not count a score that is not a point of the scale, nor an unknown kind', () => {
    for (const score of [4.5, '4', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, [4]]) {
      expect(surveyAnswer('csat', score), String(score)).toBeUndefined();
    }
    expect(surveyAnswer('ces', 0)).toBeUndefined();
    expect(surveyAnswer('CSAT', 4)).toBeUndefined();
    expect(surveyAnswer('nss', 4)).toBeUndefined();
    expect(surveyAnswer(undefined, 4)).toBeUndefined();
  });
});

describe('what each answer counts as', () => {
  it('CSAT: 4 and 5 are satisfied, 3 is not', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true]);
  });

  it('NPS: 0–6 detract, 7–8 are passive, 9–10 promote', () => {
    expect(Array.from({ length: 11 }, (_, score) => npsGroup(score))).toEqual([
      ...Array<string>(7).fill('detractor'),
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('CES: 5–7 on the 1–7 agreement scale are easy, the neutral 4 is not', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(isEasy)).toEqual([false, false, false, false, true, true, true]);
  });
});
