import { describe, expect, it } from 'vitest';
import { funnelReport } from '../../../domain/reports/funnelReport';
import { counterKey } from '../../../domain/reports/reportCounters';
import type { CounterTotals } from '../../../domain/reports/reportCounters';

const J = 'cartRecovery';
const step = counterKey.funnelStep;

/**
 * Treatment: 100 runs; 90 reached `firstReminder` (80 sent, 10 suppressed, 70 delivered, 30 opened, 12
 * clicked, 9 converted last-touch), 40 reached `secondChannel`; 15 runs converted; exits 60 completed, 25
 * purchased. Control: 10 runs, 9 reached `firstReminder` (all suppressed/holdout), 1 converted.
 */
const totals: CounterTotals = {
  '2026-03-10T09': {
    [counterKey.funnelEntered(J, 'treatment')]: 60,
    [step(J, 'treatment', 'firstReminder', 'reached')]: 50,
    [step(J, 'treatment', 'firstReminder', 'sent')]: 45,
    [step(J, 'treatment', 'firstReminder', 'suppressed')]: 5,
    [step(J, 'treatment', 'firstReminder', 'delivered')]: 40,
    [step(J, 'treatment', 'firstReminder', 'opened')]: 20,
    [step(J, 'treatment', 'firstReminder', 'clicked')]: 8,
    [step(J, 'treatment', 'firstReminder', 'converted')]: 6,
    [step(J, 'treatment', 'secondChannel', 'reached')]: 40,
    [step(J, 'treatment', 'secondChannel', 'sent')]: 38,
    [step(J, 'treatment', 'secondChannel', 'converted')]: 6,
    [counterKey.funnelConverted(J, 'treatment')]: 15,
    [counterKey.funnelExit(J, 'treatment', 'completed')]: 60,
    [counterKey.funnelEntered(J, 'control')]: 10,
    [step(J, 'control', 'firstReminder', 'reached')]: 9,
    [step(J, 'control', 'firstReminder', 'suppressed')]: 9,
    [counterKey.funnelConverted(J, 'control')]: 1,
  },
  '2026-03-10T10': {
    [counterKey.funnelEntered(J, 'treatment')]: 40,
    [step(J, 'treatment', 'firstReminder', 'reached')]: 40,
    [step(J, 'treatment', 'firstReminder', 'sent')]: 35,
    [step(J, 'treatment', 'firstReminder', 'suppressed')]: 5,
    [step(J, 'treatment', 'firstReminder', 'delivered')]: 30,
    [step(J, 'treatment', 'firstReminder', 'opened')]: 10,
    [step(J, 'treatment', 'firstReminder', 'clicked')]: 4,
    [step(J, 'treatment', 'firstReminder', 'converted')]: 3,
    [counterKey.funnelExit(J, 'treatment', 'purchased')]: 25,
    // Another journey's run is not this funnel's.
    [counterKey.funnelEntered('winBack', 'treatment')]: 1000,
    [step('winBack', 'treatment', 'firstReminder', 'reached')]: 1000,
  },
  // A day bucket holds only the per-day histogram.
  '2026-03-10': { [counterKey.marketingPerCustomer(2)]: 3 },
};

describe('funnelReport', () => {
  it('adds up each arm over the hours, steps most reached first', () => {
    expect(funnelReport(totals, J)).toEqual({
      arms: {
        treatment: {
          entered: 100,
          steps: [
            {
              step: 'firstReminder',
              reached: 90,
              sent: 80,
              suppressed: 10,
              delivered: 70,
              opened: 30,
              clicked: 12,
              converted: 9,
            },
            {
              step: 'secondChannel',
              reached: 40,
              sent: 38,
              suppressed: 0,
              delivered: 0,
              opened: 0,
              clicked: 0,
              converted: 6,
            },
          ],
          converted: 15,
          exits: { completed: 60, purchased: 25 },
        },
        control: {
          entered: 10,
          steps: [
            {
              step: 'firstReminder',
              reached: 9,
              sent: 0,
              suppressed: 9,
              delivered: 0,
              opened: 0,
              clicked: 0,
              converted: 0,
            },
          ],
          converted: 1,
          exits: {},
        },
      },
    });
  });

  it('orders steps of equal reach by name', () => {
    const report = funnelReport(
      {
        '2026-03-10T09': {
          [step(J, 'treatment', 'b', 'reached')]: 5,
          [step(J, 'treatment', 'a', 'reached')]: 5,
          [step(J, 'treatment', 'c', 'reached')]: 7,
        },
      },
      J,
    );
    expect(report.arms.treatment.steps.map((s) => s.step)).toEqual(['c', 'a', 'b']);
  });

  it('answers both arms with zeros for a journey without runs', () => {
    const empty = { entered: 0, steps: [], converted: 0, exits: {} };
    expect(funnelReport(totals, 'advocacy')).toEqual({ arms: { treatment: empty, control: empty } });
    expect(funnelReport({}, J)).toEqual({ arms: { treatment: empty, control: empty } });
  });

  it('takes names as they are: separators, dots, and Object.prototype members', () => {
    const odd = 'promo|v2.1';
    const oddTotals: CounterTotals = {
      '2026-03-10T09': {
        [counterKey.funnelEntered(odd, 'treatment')]: 2,
        [counterKey.funnelExit(odd, 'treatment', '__proto__')]: 1,
        [counterKey.funnelExit(odd, 'treatment', 'a.b|c')]: 1,
        [step(odd, 'treatment', 'constructor', 'reached')]: 2,
      },
    };
    const report = funnelReport(oddTotals, odd);
    expect(report.arms.treatment.entered).toBe(2);
    expect(Object.entries(report.arms.treatment.exits)).toEqual([
      ['__proto__', 1],
      ['a.b|c', 1],
    ]);
    expect(report.arms.treatment.steps[0]).toMatchObject({ step: 'constructor', reached: 2 });
    // A name that is the start of another is not that other.
    expect(funnelReport(oddTotals, 'promo').arms.treatment.entered).toBe(0);
  });
});
