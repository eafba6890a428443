import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../domain/customer/applyEvent';
import type { CustomerState, EventSentiment } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import { decideDeferredStart, decideJourneyStarts } from '../../../domain/journeys/decideJourneyStarts';
import type { JourneyEvent } from '../../../domain/journeys/journeyEvent';
import { endJourney, renumberJourney } from '../../../domain/journeys/journeysState';
import type { PolicyDocument } from '../../../domain/policy';
import { defaultPolicy } from '../../../domain/policy';
import { journeyRegistry } from '../../../domain/journeys/registry';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
let n = 0;

function event(fields: Partial<CustomerEvent>, sentiment?: EventSentiment): JourneyEvent {
  const at = new Date(NOW).toISOString();
  return {
    id: `e${++n}`,
    customerId: 'c',
    type: 'browse',
    channel: 'web',
    occurredAt: at,
    receivedAt: at,
    properties: {},
    ...fields,
    ...(sentiment ? { sentiment } : {}),
  };
}

/** Applies the event to the state and decides, as the customer workflow does. */
function hear(state: CustomerState, e: JourneyEvent, policy: PolicyDocument = defaultPolicy, now = NOW) {
  const after = applyEvent(state, e, e.sentiment, policy.sentiment);
  const decided = decideJourneyStarts(
    journeyRegistry,
    after.journeys,
    { event: e, before: state, after },
    policy,
    now,
  );
  return { ...decided, state: { ...after, journeys: decided.journeys } };
}

const complaint = () =>
  event({ type: 'message', channel: 'chat', text: 'awful' }, { score: -0.8, label: 'negative' });
const rave = (score = 0.9) =>
  event({ type: 'message', channel: 'review', text: 'love it' }, { score, label: 'positive' });
const abandon = (cartId: string) => event({ type: 'cart_abandoned', properties: { cartId } });
const start = initialCustomerState('w', 'c');

describe('which events start which journey', () => {
  it('starts service recovery on a negative message or a disruption, with the case the customer workflow opened', () => {
    const first = hear(start, complaint());
    expect(first.starts.map((s) => [s.journey.name, s.journey.journeyId])).toEqual([
      ['serviceRecovery', 'journey:w:c:serviceRecovery:1'],
    ]);
    expect(first.starts[0].trigger).toMatchObject({
      caseId: first.state.openCases[0].caseId,
      reason: 'negative_message',
    });
    expect(
      hear(start, event({ type: 'disruption', channel: 'ops', properties: { kind: 'flight_cancelled' } }))
        .starts[0].trigger,
    ).toMatchObject({ reason: 'disruption', disruptionKind: 'flight_cancelled' });
  });

  it('starts no second service recovery while one is active, and a new one once it has ended', () => {
    const first = hear(start, complaint());
    const second = hear(first.state, complaint());
    expect(second.starts).toEqual([]);
    expect(second.notStarted).toEqual([{ name: 'serviceRecovery', reason: 'already_active' }]);
    const ended = { ...second.state, journeys: endJourney(second.state.journeys, first.starts[0].journey) };
    const third = hear(ended, complaint());
    expect(third.starts.map((s) => s.journey.journeyId)).toEqual(['journey:w:c:serviceRecovery:2']);
  });

  it('starts advocacy on a strongly positive review or social message from a customer without an open case', () => {
    expect(hear(start, rave()).starts.map((s) => s.journey.name)).toEqual(['advocacy']);
    // Not strong enough for the policy's minScore (0.6), though positive.
    expect(hear(start, rave(0.5)).starts).toEqual([]);
    // Positive chat is not a public channel.
    expect(
      hear(start, event({ type: 'message', channel: 'chat' }, { score: 0.9, label: 'positive' })).starts,
    ).toEqual([]);
    // An open case: first recover, then ask.
    expect(hear(hear(start, complaint()).state, rave()).starts).toEqual([]);
  });

  it('lets a customer into advocacy again only 30 days after they last entered it', () => {
    const first = hear(start, rave());
    const ended = { ...first.state, journeys: endJourney(first.state.journeys, first.starts[0].journey) };
    expect(hear(ended, rave(), defaultPolicy, NOW + 29 * DAY).notStarted).toEqual([
      { name: 'advocacy', reason: 'reentry_too_soon' },
    ]);
    expect(hear(ended, rave(), defaultPolicy, NOW + 30 * DAY).starts.map((s) => s.journey.run)).toEqual([2]);
  });

  it('starts cart recovery on cart_abandoned naming its cart, one cart at a time', () => {
    const first = hear(start, abandon('c-1'));
    expect(first.starts.map((s) => [s.journey.name, s.trigger])).toEqual([
      ['cartRecovery', { cartId: 'c-1' }],
    ]);
    expect(hear(first.state, abandon('c-2')).starts).toEqual([]);
    expect(hear(start, event({ type: 'cart_abandoned' })).starts).toEqual([]);
  });

  it('starts nothing for a journey the policy disables, and hands each journey its policy settings', () => {
    const policy: PolicyDocument = {
      ...defaultPolicy,
      version: 7,
      journeys: {
        ...defaultPolicy.journeys,
        cartRecovery: { ...defaultPolicy.journeys.cartRecovery, enabled: false },
      },
    };
    expect(hear(start, abandon('c-1'), policy).starts).toEqual([]);
    const started = hear(start, complaint(), policy).starts[0];
    expect(started.settings).toEqual(defaultPolicy.journeys.serviceRecovery);
    expect(started.policyVersion).toBe(7);
  });

  it('starts the next service recovery when the complaint that ended one opened a new case, not for the case it handled', () => {
    const resolved = (st: CustomerState) => hear(st, event({ type: 'case_resolved', channel: 'ops' })).state;
    const first = hear(start, complaint());
    const firstRun = first.starts[0].journey;
    const afterEnd = (st: CustomerState) => {
      const journeys = endJourney(st.journeys, firstRun);
      return decideDeferredStart(journeyRegistry, journeys, 'serviceRecovery', st, defaultPolicy, NOW);
    };

    // Unhappy again after the resolution: a new case; its trigger waits for the running recovery to end.
    const again = hear(resolved(first.state), complaint());
    expect(again.notStarted).toEqual([{ name: 'serviceRecovery', reason: 'already_active' }]);
    const restarted = afterEnd(again.state);
    expect(restarted.starts.map((s) => [s.journey.run, (s.trigger as { caseId: string }).caseId])).toEqual([
      [2, again.state.openCases[0].caseId],
    ]);
    expect(restarted.journeys.deferred).toEqual({});

    // A second complaint about the same case, which is then resolved: nothing left to recover.
    const repeated = hear(first.state, complaint());
    expect(afterEnd(resolved(repeated.state)).starts).toEqual([]);
  });

  it('moves a journey whose id is taken to the next run number, and counts runs from there', () => {
    const first = hear(start, abandon('c-1'));
    const { journey, journeys } = renumberJourney(first.state.journeys, first.starts[0].journey, {
      workspace: 'w',
      customerId: 'c',
    });
    expect(journey).toMatchObject({ run: 2, journeyId: 'journey:w:c:cartRecovery:2' });
    expect(journeys.active.map((j) => j.journeyId)).toEqual(['journey:w:c:cartRecovery:2']);
    const ended = { ...first.state, journeys: endJourney(journeys, journey) };
    expect(hear(ended, abandon('c-2')).starts.map((s) => s.journey.run)).toEqual([3]);
  });
});
