import { describe, expect, it } from 'vitest';
import { journeyInWords, stepInWords } from '../../../web/src/journeyWords';

const time = (iso: string) => `<${iso}>`;

describe('what is being done, in words', () => {
  it('names journeys as people say them', () => {
    expect(journeyInWords('serviceRecovery')).toBe('Service recovery');
    expect(journeyInWords('cartRecovery')).toBe('Cart recovery');
    expect(journeyInWords('win_back')).toBe('Win back');
  });

  it('says the step a journey is at, with how long it waits', () => {
    expect(stepInWords('awaiting_resolution', { until: '2026-12-05T10:00:00Z' }, time)).toBe(
      'waiting for the case to be resolved until <2026-12-05T10:00:00Z>',
    );
    expect(stepInWords('apology', { decision: 'sent' }, time)).toBe('apology sent');
    expect(stepInWords('escalated_sla_2', {}, time)).toBe('escalated again (2×): not resolved in time');
    expect(stepInWords('awaiting_resolution:timed_out', {}, time)).toBe(
      'waiting for the case to be resolved — timed out',
    );
    expect(stepInWords('some_new_step', null, time)).toBe('some new step');
  });
});
