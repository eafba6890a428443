import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../domain/contact';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { EngagementRecord } from '../../../domain/events/engagement';
import type { GoalPolicy } from '../../../domain/policy/policyDocument';
import { countDecisions } from '../../../domain/reports/countDecisions';
import { countEvent } from '../../../domain/reports/countEvent';
import {
  countJourneyEnded,
  countJourneyStarted,
  runStartedOf,
} from '../../../domain/reports/countJourneyRuns';
import { journeyRegistry } from '../../../domain/journeys/registry';
import { defaultPolicy } from '../../../domain/policy';
import type { CounterIncrement } from '../../../domain/reports/reportCounters';
import { counterKey } from '../../../domain/reports/reportCounters';
import type { ReportState } from '../../../domain/reports/reportState';
import { emptyReportState, MESSAGES_KEPT, pruneReportState } from '../../../domain/reports/reportState';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-12-01T10:15:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const goals: Record<string, GoalPolicy> = { purchase: { event: 'purchase', within: '7d' } };
const context = { globalArm: 'treatment' as const, goals };

function decision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    messageId: 'm1',
    requestId: 'r1',
    decision: 'sent',
    reason: 'ok',
    channel: 'email',
    category: 'promotion',
    priority: 50,
    decidedAt: iso(T0),
    sentAt: iso(T0),
    policyVersion: 1,
    inputs: { withdrawnBy: 'x', why: 'y' },
    trigger: 'request',
    ...overrides,
  };
}

function event(
  type: CustomerEvent['type'],
  at: number,
  properties: Record<string, unknown> = {},
): CustomerEvent {
  return {
    id: `${type}-${at}`,
    customerId: 'c1',
    type,
    channel: 'web',
    occurredAt: iso(at),
    receivedAt: iso(at),
    properties,
  };
}

/** Sums increments by bucket and key, as storage does. */
function totals(increments: readonly CounterIncrement[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const { bucket, key, by } of increments)
    sums[`${bucket} ${key}`] = (sums[`${bucket} ${key}`] ?? 0) + by;
  return Object.fromEntries(Object.entries(sums).filter(([, n]) => n !== 0));
}

/** A cart-recovery run entered at T0 in the treatment arm, converting on `purchase` of cart-1. */
function withRun(report: ReportState = emptyReportState) {
  return countJourneyStarted(
    report,
    {
      journey: 'cartRecovery',
      run: 1,
      arm: 'treatment',
      enteredAt: T0,
      goal: 'purchase',
      match: { cartId: 'cart-1' },
    },
    goals,
  );
}

const journeyRequest = (step: string) => `journey:cartRecovery:1:${step}`;

describe('countDecisions: contact pressure', () => {
  it('counts sends, suppressions by reason and deferrals, each by channel and category, in the hour decided', () => {
    const { increments } = countDecisions(
      emptyReportState,
      [
        decision(),
        decision({
          messageId: 'm2',
          decision: 'suppressed',
          reason: 'quiet_hours',
          channel: 'sms',
          sentAt: undefined,
        }),
        decision({
          messageId: 'm3',
          decision: 'scheduled',
          reason: 'quiet_hours',
          category: 'newsletter',
          sentAt: undefined,
        }),
      ],
      context,
    );
    expect(totals(increments)).toEqual({
      [`2026-12-01T10 ${counterKey.sent()}`]: 1,
      [`2026-12-01T10 ${counterKey.sentByChannel('email')}`]: 1,
      [`2026-12-01T10 ${counterKey.sentByCategory('promotion')}`]: 1,
      [`2026-12-01 ${counterKey.marketingPerCustomer(1)}`]: 1,
      [`2026-12-01T10 ${counterKey.suppressed('quiet_hours')}`]: 1,
      [`2026-12-01T10 ${counterKey.suppressedByChannel('sms')}`]: 1,
      [`2026-12-01T10 ${counterKey.suppressedByCategory('promotion')}`]: 1,
      [`2026-12-01T10 ${counterKey.scheduled()}`]: 1,
      [`2026-12-01T10 ${counterKey.scheduledByChannel('email')}`]: 1,
      [`2026-12-01T10 ${counterKey.scheduledByCategory('newsletter')}`]: 1,
      // The promotion's campaign-less request enters no campaign cohort.
    });
  });

  it('moves the customer up one bin of the per-day histogram with each marketing send, and starts again the next day', () => {
    const sends = [T0, T0 + HOUR, T0 + 2 * HOUR, T0 + DAY].map((at, i) =>
      decision({ messageId: `m${i}`, decidedAt: iso(at), sentAt: iso(at) }),
    );
    const { increments } = countDecisions(emptyReportState, sends, context);
    const histogram = Object.fromEntries(
      Object.entries(totals(increments)).filter(([key]) =>
        key.includes(counterKey.marketingPerCustomer(0).slice(0, 3)),
      ),
    );
    expect(histogram).toEqual({
      [`2026-12-01 ${counterKey.marketingPerCustomer(3)}`]: 1,
      [`2026-12-02 ${counterKey.marketingPerCustomer(1)}`]: 1,
    });
  });

  it('does not put transactional sends in the marketing histogram', () => {
    const { increments } = countDecisions(
      emptyReportState,
      [decision({ category: 'transactional' })],
      context,
    );
    expect(increments.some((i) => i.key === counterKey.marketingPerCustomer(1))).toBe(false);
  });
});

describe("countDecisions: a journey run's funnel", () => {
  it("counts a step reached once, then sent or suppressed as it is finally decided, in the run's entry hour", () => {
    const run = withRun();
    const later = iso(T0 + 5 * HOUR);
    const { increments } = countDecisions(
      run.report,
      [
        decision({
          requestId: journeyRequest('reminder'),
          decision: 'scheduled',
          sentAt: undefined,
          campaign: 'cartRecovery',
        }),
        decision({
          requestId: journeyRequest('reminder'),
          decidedAt: later,
          sentAt: later,
          trigger: 'scheduled_time',
          campaign: 'cartRecovery',
        }),
        decision({
          messageId: 'm2',
          requestId: journeyRequest('offer'),
          decision: 'suppressed',
          reason: 'holdout',
          sentAt: undefined,
        }),
      ],
      context,
    );
    const sums = totals(increments);
    const step = (name: string, metric: Parameters<typeof counterKey.funnelStep>[3]) =>
      sums[`2026-12-01T10 ${counterKey.funnelStep('cartRecovery', 'treatment', name, metric)}`];
    expect([step('reminder', 'reached'), step('reminder', 'sent'), step('reminder', 'suppressed')]).toEqual([
      1,
      1,
      undefined,
    ]);
    expect([step('offer', 'reached'), step('offer', 'sent'), step('offer', 'suppressed')]).toEqual([
      1,
      undefined,
      1,
    ]);
  });

  it('leaves decisions of runs it does not know out of every funnel', () => {
    const { increments } = countDecisions(
      emptyReportState,
      [decision({ requestId: journeyRequest('reminder') })],
      context,
    );
    expect(increments.some((i) => i.key.startsWith('f|'))).toBe(false);
  });
});

describe('countDecisions: campaign cohorts', () => {
  it("enters a campaign's cohort at its first marketing request, once per goal window, in the customer's global arm", () => {
    const first = countDecisions(emptyReportState, [decision({ campaign: 'spring' })], {
      ...context,
      globalArm: 'control',
    });
    const again = countDecisions(
      first.report,
      [decision({ messageId: 'm2', requestId: 'r2', campaign: 'spring', decidedAt: iso(T0 + DAY) })],
      context,
    );
    const afterWindow = countDecisions(
      again.report,
      [decision({ messageId: 'm3', requestId: 'r3', campaign: 'spring', decidedAt: iso(T0 + 8 * DAY) })],
      context,
    );
    const entered = (increments: CounterIncrement[]) => increments.filter((i) => i.key.endsWith('|entered'));
    expect(entered(first.increments)).toEqual([
      {
        bucket: '2026-12-01T10',
        key: counterKey.cohortEntered('campaign:spring', 'purchase', 'control'),
        by: 1,
      },
    ]);
    expect(entered(again.increments)).toEqual([]);
    expect(entered(afterWindow.increments)).toHaveLength(1);
  });
});

describe('countEvent: conversions', () => {
  it('converts an open entry once, in the hour it entered, and names the last send before it', () => {
    const run = withRun();
    const sent = countDecisions(
      run.report,
      [
        decision({
          messageId: 'reminder-1',
          requestId: journeyRequest('reminder'),
          decidedAt: iso(T0 + HOUR),
          sentAt: iso(T0 + HOUR),
        }),
      ],
      context,
    );
    const purchase = countEvent(
      sent.report,
      event('purchase', T0 + 3 * HOUR, { cartId: 'cart-1' }),
      undefined,
      context,
    );
    const second = countEvent(purchase.report, event('purchase', T0 + 4 * HOUR), undefined, context);
    const sums = totals(purchase.increments);
    expect(
      sums[`2026-12-01T10 ${counterKey.cohortConverted('journey:cartRecovery', 'purchase', 'treatment')}`],
    ).toBe(1);
    expect(sums[`2026-12-01T10 ${counterKey.funnelConverted('cartRecovery', 'treatment')}`]).toBe(1);
    expect(
      sums[`2026-12-01T10 ${counterKey.funnelStep('cartRecovery', 'treatment', 'reminder', 'converted')}`],
    ).toBe(1);
    expect(purchase.conversions).toContainEqual({
      goal: 'purchase',
      scope: 'journey:cartRecovery',
      run: 1,
      messageId: 'reminder-1',
    });
    expect(second.increments.filter((i) => i.key.includes('converted') && i.key.includes('journey'))).toEqual(
      [],
    );
  });

  it('does not convert on a goal event before the entry, after its window, or about another cart', () => {
    const run = withRun();
    const cases = [
      event('purchase', T0 - 1),
      event('purchase', T0 + 7 * DAY),
      event('purchase', T0 + HOUR, { cartId: 'cart-2' }),
    ];
    for (const goalEvent of cases) {
      const counted = countEvent(run.report, goalEvent, undefined, context);
      expect(counted.conversions.filter((c) => c.scope !== 'global')).toEqual([]);
    }
    // A purchase that names no cart is taken as this cart's checkout.
    expect(countEvent(run.report, event('purchase', T0 + HOUR), undefined, context).conversions).toHaveLength(
      1,
    );
  });

  it("matches a goal's `where` on the event's properties", () => {
    const annual = {
      annual: { event: 'purchase', where: { plan: 'annual' }, within: '1d' },
    } satisfies Record<string, GoalPolicy>;
    const entered = countEvent(emptyReportState, event('browse', T0), undefined, {
      ...context,
      goals: annual,
    });
    const monthly = countEvent(entered.report, event('purchase', T0 + HOUR, { plan: 'monthly' }), undefined, {
      ...context,
      goals: annual,
    });
    const yearly = countEvent(entered.report, event('purchase', T0 + HOUR, { plan: 'annual' }), undefined, {
      ...context,
      goals: annual,
    });
    expect(monthly.conversions).toEqual([]);
    expect(yearly.conversions).toEqual([{ goal: 'annual', scope: 'global' }]);
  });
});

describe('countEvent: the global cohort', () => {
  it('enters on the first event, again only after the window closed, and never on engagement', () => {
    const delivered: EngagementRecord = {
      messageId: 'm1',
      action: 'delivered',
      at: iso(T0),
      machine: false,
      known: true,
      counted: true,
    };
    const engagementOnly = countEvent(
      emptyReportState,
      event('engagement', T0, { messageId: 'm1', action: 'delivered' }),
      delivered,
      context,
    );
    expect(engagementOnly.increments).toEqual([]);
    const first = countEvent(emptyReportState, event('browse', T0), undefined, context);
    const sameWeek = countEvent(first.report, event('browse', T0 + 6 * DAY), undefined, context);
    const nextWeek = countEvent(sameWeek.report, event('browse', T0 + 7 * DAY), undefined, context);
    expect(first.increments).toEqual([
      { bucket: '2026-12-01T10', key: counterKey.cohortEntered('global', 'purchase', 'treatment'), by: 1 },
    ]);
    expect(sameWeek.increments).toEqual([]);
    expect(nextWeek.increments).toHaveLength(1);
  });

  it('does not let the goal event that opens an entry convert it', () => {
    const counted = countEvent(emptyReportState, event('purchase', T0), undefined, context);
    expect(counted.conversions).toEqual([]);
    expect(counted.increments.map((i) => i.key)).toEqual([
      counterKey.cohortEntered('global', 'purchase', 'treatment'),
    ]);
  });
});

describe('countEvent: engagement in the funnel', () => {
  const engagement = (
    action: EngagementRecord['action'],
    overrides: Partial<EngagementRecord> = {},
  ): EngagementRecord => ({
    messageId: 'reminder-1',
    action,
    at: iso(T0 + 2 * HOUR),
    machine: false,
    known: true,
    counted: true,
    ...overrides,
  });
  const engaged = (report: ReportState, record: EngagementRecord) =>
    countEvent(
      report,
      event('engagement', T0 + 2 * HOUR, { messageId: record.messageId, action: record.action }),
      record,
      context,
    );

  it("counts delivered, opened and clicked once per message (two clicks on two links are one), never a machine's", () => {
    const sent = countDecisions(
      withRun().report,
      [decision({ messageId: 'reminder-1', requestId: journeyRequest('reminder') })],
      context,
    );
    let report = sent.report;
    const all: CounterIncrement[] = [];
    for (const record of [
      engagement('opened', { machine: true }),
      engagement('opened'),
      engagement('delivered'), // out of order: after its open
      engagement('clicked', { url: 'https://a' }),
      engagement('clicked', { url: 'https://b' }),
      engagement('opened', { counted: false }), // a repeat the workflow did not count
    ]) {
      const counted = engaged(report, record);
      report = counted.report;
      all.push(...counted.increments);
    }
    const step = (metric: 'delivered' | 'opened' | 'clicked') =>
      totals(all)[`2026-12-01T10 ${counterKey.funnelStep('cartRecovery', 'treatment', 'reminder', metric)}`];
    expect([step('delivered'), step('opened'), step('clicked')]).toEqual([1, 1, 1]);
  });
});

describe('countJourneyStarted and countJourneyEnded', () => {
  it("counts a run's entry in its funnel and in its cohort for every goal, and its end once by reason", () => {
    const started = countJourneyStarted(
      emptyReportState,
      { journey: 'winBack', run: 2, enteredAt: T0 },
      { ...goals, signup: { event: 'identify', within: '1d' } },
    );
    expect(totals(started.increments)).toEqual({
      [`2026-12-01T10 ${counterKey.funnelEntered('winBack', 'treatment')}`]: 1,
      [`2026-12-01T10 ${counterKey.cohortEntered('journey:winBack', 'purchase', 'treatment')}`]: 1,
      [`2026-12-01T10 ${counterKey.cohortEntered('journey:winBack', 'signup', 'treatment')}`]: 1,
    });
    const ended = {
      journeyId: 'journey:ws:c1:winBack:2',
      name: 'winBack',
      status: 'exited' as const,
      reason: 'purchased',
      at: iso(T0 + DAY),
    };
    const first = countJourneyEnded(started.report, ended);
    const again = countJourneyEnded(first.report, ended);
    expect(first.increments).toEqual([
      { bucket: '2026-12-01T10', key: counterKey.funnelExit('winBack', 'treatment', 'purchased'), by: 1 },
    ]);
    expect(again.increments).toEqual([]);
    const failed = countJourneyEnded(started.report, {
      ...ended,
      status: 'failed',
      reason: 'TypeError: x is undefined',
    });
    expect(failed.increments[0].key).toBe(counterKey.funnelExit('winBack', 'treatment', 'failed'));
  });
});

describe('pruneReportState', () => {
  it('keeps what the reports can still need and bounds the rest', () => {
    let report = withRun().report;
    for (let i = 0; i < MESSAGES_KEPT + 50; i++) {
      report = countDecisions(report, [decision({ messageId: `m${i}`, requestId: `r${i}` })], context).report;
    }
    const pruned = pruneReportState(report, T0 + DAY);
    expect(pruned.messages).toHaveLength(MESSAGES_KEPT);
    expect(pruned.messages.at(-1)?.messageId).toBe(`m${MESSAGES_KEPT + 49}`);
    expect(pruneReportState(pruned, T0 + 9 * DAY).entries).toEqual([]);
    expect(JSON.stringify(pruned).length).toBeLessThan(40_000);
  });
});

describe('counting properties', () => {
  it('never converts more entries than entered, whatever the order of events', () => {
    const types = ['purchase', 'browse', 'message', 'cart_abandoned'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ type: fc.constantFrom(...types), offset: fc.integer({ min: 0, max: 30 * DAY }) }),
          { maxLength: 60 },
        ),
        (steps) => {
          let report = emptyReportState;
          const all: CounterIncrement[] = [];
          for (const { type, offset } of [...steps].sort((a, b) => a.offset - b.offset)) {
            const counted = countEvent(report, event(type, T0 + offset), undefined, context);
            report = pruneReportState(counted.report, T0 + offset);
            all.push(...counted.increments);
          }
          const sum = (suffix: string) =>
            all.filter((i) => i.key.endsWith(suffix)).reduce((n, i) => n + i.by, 0);
          expect(sum('|converted')).toBeLessThanOrEqual(sum('|entered'));
          expect(all.every((i) => i.by > 0)).toBe(true);
        },
      ),
    );
  });
});

describe('runStartedOf', () => {
  const run = {
    journeyId: 'journey:ws:c1:cartRecovery:2',
    name: 'cartRecovery',
    run: 2,
    startedAt: iso(T0),
    triggeredBy: 'e1',
  };

  it('enters a run when its trigger happened, converting on its goal and its cart, in its arm', () => {
    expect(
      runStartedOf(
        { ...run, arm: 'control' },
        journeyRegistry,
        defaultPolicy,
        { cartId: 'cart-7' },
        iso(T0 - HOUR),
      ),
    ).toEqual({
      journey: 'cartRecovery',
      run: 2,
      arm: 'control',
      enteredAt: T0 - HOUR,
      goal: 'purchase',
      match: { cartId: 'cart-7' },
    });
  });

  it('enters at the start when the trigger claims a later time, or is not known', () => {
    expect(runStartedOf(run, journeyRegistry, defaultPolicy, {}, iso(T0 + HOUR)).enteredAt).toBe(T0);
    expect(runStartedOf(run, journeyRegistry, defaultPolicy, {}).enteredAt).toBe(T0);
  });

  it('has no goal when the policy lacks the one the journey would convert on', () => {
    const started = runStartedOf(run, journeyRegistry, { ...defaultPolicy, goals: {} }, { cartId: 'c' });
    expect(started.goal).toBeUndefined();
  });
});
