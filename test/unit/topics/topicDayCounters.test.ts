import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterFamily, familyOfKey, type CounterTotals } from '../../../domain/reports/reportCounters';
import { topicCounterKey as t } from '../../../domain/topics/topicCounters';
import {
  addTotals,
  dayTotalsAsTopicHours,
  hoursWithin,
  planTopicReads,
  topicDayKey,
  withTopicDayCounters,
} from '../../../domain/topics/topicDayCounters';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

describe('the topic day counters', () => {
  it('count every topic counter again in its UTC day, in their own family, and nothing else', () => {
    const batch = [
      { bucket: '2026-03-10T23', key: t.scored('chat', 'negative'), by: 1 },
      { bucket: '2026-03-10T23', key: t.mention('chat', 'delay', 'negative'), by: 1 },
      { bucket: '2026-03-11T00', key: t.event('chat', 'delay', 'negative'), by: 1 },
      { bucket: '2026-03-10T10', key: 'sent', by: 1 },
      { bucket: '2026-03-10T09', key: 's|chat|negative', by: 1 },
    ];
    expect(withTopicDayCounters(batch)).toEqual([
      ...batch,
      { bucket: '2026-03-10', key: 'td|scored|chat|negative', by: 1 },
      { bucket: '2026-03-10', key: 'td|mention|chat|delay|negative', by: 1 },
      { bucket: '2026-03-11', key: 'td|event|chat|delay|negative', by: 1 },
    ]);
    expect(withTopicDayCounters(batch.slice(3))).toEqual(batch.slice(3));
    expect(familyOfKey(topicDayKey(t.mention('chat', 'a.b|c', 'neutral')))).toBe(counterFamily.topicDays);
  });

  it("read back as the topic counters they twin, each day's in its first hour", () => {
    const twins = withTopicDayCounters([
      { bucket: '2026-03-10T09', key: t.mention('chat', 'delay', 'negative'), by: 2 },
      { bucket: '2026-03-10T17', key: t.mention('chat', 'delay', 'negative'), by: 1 },
    ]).slice(2);
    const days = addTotals(...twins.map(({ bucket, key, by }) => ({ [bucket]: { [key]: by } })));
    expect(dayTotalsAsTopicHours(days)).toEqual({
      '2026-03-10T00': { [t.mention('chat', 'delay', 'negative')]: 3 },
    });
  });

  it('plan whole days since the family counts from it, every other hour from the topic family', () => {
    const range = (from: string, to: string) => ({ from: at(from), to: at(to) });
    const previous = range('2026-03-03T09:00Z', '2026-03-10T09:00Z');
    const current = range('2026-03-10T09:00Z', '2026-03-17T09:00Z');
    // Counting long before: days 4–9 and 11–16 whole; the edges joined where the periods meet.
    expect(planTopicReads([previous, current], at('2026-02-01T05:00Z'))).toEqual({
      hours: [
        range('2026-03-03T09:00Z', '2026-03-04T00:00Z'),
        range('2026-03-10T00:00Z', '2026-03-11T00:00Z'),
        range('2026-03-17T00:00Z', '2026-03-17T09:00Z'),
      ],
      days: [
        range('2026-03-04T00:00Z', '2026-03-10T00:00Z'),
        range('2026-03-11T00:00Z', '2026-03-17T00:00Z'),
      ],
    });
    // Counting from 13 March 05:00: the 13th is not whole in the day family.
    expect(planTopicReads([current], at('2026-03-13T05:00Z'))).toEqual({
      hours: [
        range('2026-03-10T09:00Z', '2026-03-14T00:00Z'),
        range('2026-03-17T00:00Z', '2026-03-17T09:00Z'),
      ],
      days: [range('2026-03-14T00:00Z', '2026-03-17T00:00Z')],
    });
    // Never counted, or from after the range: all hourly.
    expect(planTopicReads([current], undefined)).toEqual({ hours: [current], days: [] });
    expect(planTopicReads([current], at('2026-03-20T00:00Z'))).toEqual({ hours: [current], days: [] });
    // Midnight to midnight: nothing hourly.
    const week = range('2026-03-10T00:00Z', '2026-03-17T00:00Z');
    const before = range('2026-03-03T00:00Z', '2026-03-10T00:00Z');
    expect(planTopicReads([before, week], at('2026-03-03T00:00Z'))).toEqual({
      hours: [],
      days: [range('2026-03-03T00:00Z', '2026-03-17T00:00Z')],
    });
    expect(() => planTopicReads([range('2026-03-10T09:30Z', '2026-03-11T00:00Z')], 0)).toThrow(RangeError);
  });

  it('cover every hour of the periods exactly once, whatever the periods and the marker', () => {
    const start = at('2026-03-01T00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 20 }),
        fc.integer({ min: 1, max: 24 * 10 }),
        fc.option(fc.integer({ min: -2 * DAY, max: 40 * DAY }), { nil: undefined }),
        (fromHour, hours, sinceOffset) => {
          const from = start + fromHour * HOUR;
          const to = from + hours * HOUR;
          const previous = { from: from - (to - from), to: from };
          const since = sinceOffset === undefined ? undefined : start + sinceOffset;
          const plan = planTopicReads([previous, { from, to }], since);
          const covered: number[] = [];
          for (const r of [...plan.hours, ...plan.days])
            for (let h = r.from; h < r.to; h += HOUR) covered.push(h);
          covered.sort((a, b) => a - b);
          const expected: number[] = [];
          for (let h = previous.from; h < to; h += HOUR) expected.push(h);
          expect(covered).toEqual(expected);
          for (const range of plan.days) {
            expect(range.from % DAY).toBe(0);
            expect(range.to % DAY).toBe(0);
            expect(since !== undefined && range.from >= since).toBe(true);
            // Each day read whole lies inside one period: its figure belongs to that period alone.
            for (let day = range.from; day < range.to; day += DAY) {
              expect([previous, { from, to }].some((p) => p.from <= day && day + DAY <= p.to)).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('split added totals back into periods by hour', () => {
    const totals: CounterTotals = addTotals(
      { '2026-03-10T08': { a: 1 }, '2026-03-10T09': { a: 2 } },
      { '2026-03-10T09': { a: 3, b: 1 }, '2026-03-10': { a: 9 } },
    );
    expect(totals['2026-03-10T09']).toEqual({ a: 5, b: 1 });
    expect(hoursWithin(totals, { from: at('2026-03-10T09:00Z'), to: at('2026-03-10T10:00Z') })).toEqual({
      '2026-03-10T09': { a: 5, b: 1 },
    });
  });
});
