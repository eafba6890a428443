import { describe, expect, it } from 'vitest';
import type { TrackedMessage } from '../../../domain/reports/reportState';
import { surveyJourney } from '../../../domain/surveys/surveyJourney';

const DAY = 86_400_000;
const at = Date.parse('2026-03-10T12:00:00Z');
const message = (messageId: string, sentAt: number, journey?: string): TrackedMessage => ({
  messageId,
  sentAt,
  ...(journey !== undefined ? { journey } : {}),
});

describe('surveyJourney', () => {
  it('takes the journey the survey names, whatever was sent before', () => {
    const report = { messages: [message('m1', at - DAY, 'cartRecovery')] };
    expect(surveyJourney(report, at, { journey: 'serviceRecovery' })).toBe('serviceRecovery');
  });

  it('else the journey of the newest journey message of the 7 days before the survey', () => {
    const report = {
      messages: [
        message('m3', at - 3 * DAY, 'winBack'),
        message('m1', at - 1 * DAY, 'cartRecovery'),
        // A campaign message, newer, belongs to no journey.
        message('m0', at - 3_600_000),
        message('m2', at - 2 * DAY, 'serviceRecovery'),
      ],
    };
    expect(surveyJourney(report, at, {})).toBe('cartRecovery');
    // An empty or non-string journey property names nothing.
    expect(surveyJourney(report, at, { journey: '' })).toBe('cartRecovery');
    expect(surveyJourney(report, at, { journey: 42 })).toBe('cartRecovery');
    // Longer than any journey's name: passed over too.
    expect(surveyJourney(report, at, { journey: 'j'.repeat(129) })).toBe('cartRecovery');
    expect(surveyJourney(report, at, { journey: 'j'.repeat(128) })).toBe('j'.repeat(128));
  });

  it('counts a message sent exactly 7 days before, not one a moment older', () => {
    expect(surveyJourney({ messages: [message('m', at - 7 * DAY, 'winBack')] }, at, {})).toBe('winBack');
    expect(surveyJourney({ messages: [message('m', at - 7 * DAY - 1, 'winBack')] }, at, {})).toBeUndefined();
  });

  it('attributes none when the only journey message is older, or was sent after the survey', () => {
    const report = {
      messages: [message('old', at - 8 * DAY, 'winBack'), message('later', at + 60_000, 'cartRecovery')],
    };
    expect(surveyJourney(report, at, {})).toBeUndefined();
    expect(surveyJourney({ messages: [] }, at, {})).toBeUndefined();
  });
});
