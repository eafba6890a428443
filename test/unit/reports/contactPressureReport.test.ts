import { describe, expect, it } from 'vitest';
import { contactPressureReport } from '../../../domain/reports/contactPressureReport';
import { counterKey as k } from '../../../domain/reports/reportCounters';
import type { CounterTotals } from '../../../domain/reports/reportCounters';

/**
 * Two hours of 10 March and one of 11 March:
 *   10T09  sent 3 (email 2, sms 1; promotion 2, transactional 1), suppressed 2 holdout (email, promotion)
 *   10T14  sent 1 (push, reminder), scheduled 2 (email, promotion), suppressed 1 frequency_cap:marketing-24h
 *   11T08  suppressed 1 holdout (sms, promotion); a funnel counter only would not make a series point
 */
const totals: CounterTotals = {
  '2026-03-10T09': {
    [k.sent()]: 3,
    [k.sentByChannel('email')]: 2,
    [k.sentByChannel('sms')]: 1,
    [k.sentByCategory('promotion')]: 2,
    [k.sentByCategory('transactional')]: 1,
    [k.suppressed('holdout')]: 2,
    [k.suppressedByChannel('email')]: 2,
    [k.suppressedByCategory('promotion')]: 2,
  },
  '2026-03-10T14': {
    [k.sent()]: 1,
    [k.sentByChannel('push')]: 1,
    [k.sentByCategory('reminder')]: 1,
    [k.scheduled()]: 2,
    [k.scheduledByChannel('email')]: 2,
    [k.scheduledByCategory('promotion')]: 2,
    [k.suppressed('frequency_cap:marketing-24h')]: 1,
    [k.suppressedByChannel('email')]: 1,
    [k.suppressedByCategory('promotion')]: 1,
  },
  '2026-03-11T08': {
    [k.suppressed('holdout')]: 1,
    [k.suppressedByChannel('sms')]: 1,
    [k.suppressedByCategory('promotion')]: 1,
  },
  '2026-03-11T09': { [k.funnelEntered('cartRecovery', 'treatment')]: 4 },
  '2026-03-10': { [k.marketingPerCustomer(1)]: 2, [k.marketingPerCustomer(2)]: 1 },
};

describe('contactPressureReport', () => {
  it('totals decisions by reason, channel and category', () => {
    const report = contactPressureReport(totals, 'hour');
    expect(report).toMatchObject({
      sent: 4,
      suppressed: { holdout: 3, 'frequency_cap:marketing-24h': 1 },
      scheduled: 2,
      byChannel: {
        email: { sent: 2, suppressed: 3, scheduled: 2 },
        sms: { sent: 1, suppressed: 1, scheduled: 0 },
        push: { sent: 1, suppressed: 0, scheduled: 0 },
      },
      byCategory: {
        promotion: { sent: 2, suppressed: 4, scheduled: 2 },
        transactional: { sent: 1, suppressed: 0, scheduled: 0 },
        reminder: { sent: 1, suppressed: 0, scheduled: 0 },
      },
      // Customer-days 1, 1, 2.
      marketingPerCustomer: { p50: 1, p90: 2, max: 2 },
    });
    expect(Object.keys(report.byChannel).sort()).toEqual(['email', 'push', 'sms']);
  });

  it('gives an hourly series, sparse, in time order', () => {
    expect(contactPressureReport(totals, 'hour').series).toEqual([
      { bucket: '2026-03-10T09:00:00.000Z', sent: 3, suppressed: 2, scheduled: 0 },
      { bucket: '2026-03-10T14:00:00.000Z', sent: 1, suppressed: 1, scheduled: 2 },
      { bucket: '2026-03-11T08:00:00.000Z', sent: 0, suppressed: 1, scheduled: 0 },
    ]);
  });

  it('rolls the hours up into UTC days', () => {
    expect(contactPressureReport(totals, 'day').series).toEqual([
      { bucket: '2026-03-10T00:00:00.000Z', sent: 4, suppressed: 3, scheduled: 2 },
      { bucket: '2026-03-11T00:00:00.000Z', sent: 0, suppressed: 1, scheduled: 0 },
    ]);
  });

  it('answers zeros, empty maps and null percentiles when nothing was decided', () => {
    expect(contactPressureReport({}, 'day')).toEqual({
      sent: 0,
      suppressed: {},
      scheduled: 0,
      byChannel: {},
      byCategory: {},
      marketingPerCustomer: { p50: null, p90: null, max: null },
      series: [],
    });
  });

  it('reads a reason named like a key part (`ch`) as a reason', () => {
    const report = contactPressureReport({ '2026-03-10T09': { [k.suppressed('ch')]: 1 } }, 'hour');
    expect(report.suppressed).toEqual({ ch: 1 });
    expect(report.byChannel).toEqual({});
  });
});
