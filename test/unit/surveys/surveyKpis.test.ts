import { describe, expect, it } from 'vitest';
import { cesKpi, csatKpi, npsKpi } from '../../../domain/surveys/surveyKpis';

describe('the KPIs of a tally', () => {
  it('CSAT is the share satisfied, in points to one decimal', () => {
    expect(csatKpi({ responses: 3, satisfied: 2 })).toEqual({ responses: 3, satisfied: 2, score: 66.7 });
  });

  it('NPS is % promoters − % detractors, negative when detractors outnumber promoters', () => {
    const nps = { responses: 6, promoters: 1, passives: 1, detractors: 4 };
    // (1 − 4) / 6 = −50 %.
    expect(npsKpi(nps).score).toBe(-50);
    // (1 − 2) / 3 = −33.33… rounds away from zero like its mirror image +33.3.
    expect(npsKpi({ responses: 3, promoters: 1, passives: 0, detractors: 2 }).score).toBe(-33.3);
    expect(npsKpi({ responses: 3, promoters: 2, passives: 0, detractors: 1 }).score).toBe(33.3);
  });

  it('CES is the mean to two decimals and the share easy', () => {
    // 5 + 5 + 6 = 16 over 3 answers.
    expect(cesKpi({ responses: 3, easy: 3, scoreSum: 16 })).toEqual({
      responses: 3,
      mean: 5.33,
      easyShare: 100,
    });
  });

  it('answers null, not 0, without responses', () => {
    expect(csatKpi({ responses: 0, satisfied: 0 }).score).toBeNull();
    expect(npsKpi({ responses: 0, promoters: 0, passives: 0, detractors: 0 }).score).toBeNull();
    expect(cesKpi({ responses: 0, easy: 0, scoreSum: 0 })).toEqual({
      responses: 0,
      mean: null,
      easyShare: null,
    });
    // A balanced NPS is a real 0.
    expect(npsKpi({ responses: 2, promoters: 1, passives: 0, detractors: 1 }).score).toBe(0);
  });
});
