import { describe, expect, it } from 'vitest';
import { counterFamily, familyOfKey } from '../../../domain/reports/reportCounters';
import { parseSurveyCounterKey, surveyCounterKey } from '../../../domain/surveys/surveyCounterKeys';

describe('surveyCounterKey', () => {
  it('is k|kind|channel|journey|stat, with - for no journey, in the survey family', () => {
    expect(surveyCounterKey('nps', 'email', 'cartRecovery', 'promoters')).toBe(
      'k|nps|email|cartRecovery|promoters',
    );
    const none = surveyCounterKey('csat', 'chat', undefined, 'responses');
    expect(none).toBe('k|csat|chat|-|responses');
    expect(familyOfKey(none)).toBe(counterFamily.surveys);
  });

  it('escapes a journey holding |, . or % so the key stays five parts and a MongoDB field name', () => {
    const journey = 'spring.sale|vip 100%';
    const key = surveyCounterKey('ces', 'web', journey, 'scoreSum');
    expect(key).toBe('k|ces|web|spring%2Esale%7Cvip%20100%25|scoreSum');
    expect(key.split('|')).toHaveLength(5);
    expect(key).not.toContain('.');
    expect(parseSurveyCounterKey(key)).toEqual({ kind: 'ces', channel: 'web', journey, stat: 'scoreSum' });
  });

  it('reads back no key of another family or shape', () => {
    expect(parseSurveyCounterKey('t|scored|chat|positive')).toBeUndefined();
    expect(parseSurveyCounterKey('k|nps|email|-')).toBeUndefined();
    expect(parseSurveyCounterKey('k|nps|email|-|satisfied')).toBeUndefined();
    expect(parseSurveyCounterKey('k|nss|email|-|responses')).toBeUndefined();
  });
});
