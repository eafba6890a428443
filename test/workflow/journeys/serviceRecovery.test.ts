import { describe, expect, it } from 'vitest';
import type { ServiceRecoveryTrigger } from '../../../domain/journeys/serviceRecoveryRules';
import { defaultPolicy } from '../../../domain/policy';
import { journeyEvent } from '../support/events';
import { journeyBench } from '../support/journeyBench';

// The policy's own timings: the case is escalated when not resolved within 24h, the survey goes 3 days after.
const settings = defaultPolicy.journeys.serviceRecovery;
const trigger: ServiceRecoveryTrigger = {
  caseId: 'case-1',
  reason: 'negative_message',
  channel: 'chat',
  text: 'My parcel is two weeks late.',
};
const resolved = () => journeyEvent('case_resolved', { channel: 'ops', properties: { caseId: 'case-1' } });
const unhappy = () =>
  journeyEvent('message', {
    channel: 'chat',
    text: 'Still nothing!',
    sentiment: { score: -0.8, label: 'negative' },
  });

const bench = journeyBench();

describe('service recovery', () => {
  it('alerts the team and apologises at once, and escalates each day the case stays open, three times', async () => {
    const journey = await bench.start('serviceRecovery', { trigger, settings });

    const { outcome } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'unresolved_after_escalations' });
    expect(journey.alerts().map((a) => [a.severity, a.title])).toEqual([
      ['warning', 'Service case case-1 opened'],
      ['critical', 'Service case case-1 escalated'],
      ['critical', 'Service case case-1 escalated'],
      ['critical', 'Service case case-1 escalated'],
    ]);
    expect(journey.alerts()[0].text).toContain('They said: "My parcel is two weeks late."');
    expect(journey.sends().map((s) => [s.channel, s.category, s.content?.template])).toEqual([
      ['email', 'service', 'service-recovery-apology'],
    ]);
    expect(journey.hoursAfterStart('apology')).toBeCloseTo(0, 1);
    expect(journey.hoursAfterStart('escalated_sla')).toBeCloseTo(24, 1);
    expect(journey.hoursAfterStart('escalated_sla_2')).toBeCloseTo(48, 1);
    expect(journey.hoursAfterStart('escalated_sla_3')).toBeCloseTo(72, 1);
  });

  it('offers a goodwill gesture with the apology to a gold customer', async () => {
    const journey = await bench.start('serviceRecovery', { trigger, settings, traits: { tier: 'gold' } });

    const apology = await journey.reached('apology');

    expect(apology.detail).toMatchObject({ decision: 'sent' });
    expect(journey.sends()[0].content?.data).toEqual({
      caseId: 'case-1',
      offer: { kind: 'goodwill', tier: 'gold' },
    });
  });

  it('stops waiting when the case is resolved, and asks for a CSAT score three days later', async () => {
    const journey = await bench.start('serviceRecovery', { trigger, settings });
    await journey.reached('apology');
    await bench.skip('5h');

    await journey.hears(resolved());
    const { outcome } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'surveyed' });
    expect(journey.steps()).not.toContain('escalated_sla');
    expect(journey.sends().map((s) => s.category)).toEqual(['service', 'survey']);
    const resolvedAfter = journey.hoursAfterStart('awaiting_resolution:matched');
    expect(resolvedAfter).toBeCloseTo(5, 1);
    expect(journey.hoursAfterStart('csat_survey') - resolvedAfter).toBeCloseTo(72, 1);
  });

  it('escalates once, at once, when the customer complains again while the case is open', async () => {
    const journey = await bench.start('serviceRecovery', { trigger, settings });
    await journey.reached('apology');

    await journey.hears(unhappy());
    await journey.reached('escalated_complaint');
    await journey.hears(unhappy(), resolved());
    await journey.end();

    expect(journey.alerts().map((a) => a.alertId.split(':').at(-1))).toEqual([
      'team_alerted',
      'escalated_complaint',
    ]);
    expect(journey.hoursAfterStart('escalated_complaint')).toBeCloseTo(0, 1);
  });

  it('ends without the survey when the customer is unhappy again after the resolution', async () => {
    const journey = await bench.start('serviceRecovery', { trigger, settings });
    await journey.reached('apology');
    await journey.hears(resolved());
    await journey.reached('wait_before_survey');

    await journey.hears(unhappy());
    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'exited', reason: 'unhappy_again' });
    expect(notice).toMatchObject({ status: 'exited', reason: 'unhappy_again' });
    expect(journey.sends().map((s) => s.category)).toEqual(['service']);
  });
});
