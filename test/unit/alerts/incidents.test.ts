import { describe, expect, it } from 'vitest';
import { HOUR_MS, type RuleEvaluation } from '../../../domain/alerts/alertRule';
import { alertSeries } from '../../../domain/alerts/alertSeries';
import type { FiringInterval } from '../../../domain/alerts/firingIntervals';
import { firingIntervals } from '../../../domain/alerts/firingIntervals';
import type { Incident } from '../../../domain/alerts/incidents';
import { incidentsToKeep, reconcileIncidents } from '../../../domain/alerts/incidents';
import type { AlertsPolicy } from '../../../domain/policy/policyDocument';
import type { CounterTotals } from '../../../domain/reports/reportCounters';
import { topicCounterKey } from '../../../domain/topics/topicCounters';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (hour: number) => T0 + hour * HOUR_MS;
const rules: Pick<AlertsPolicy, 'nssDrop' | 'topicSpike'> = {
  nssDrop: { window: '6h', baseline: '3d', sigma: 2, minMentions: 20 },
  topicSpike: { window: '6h', baseline: '3d', sigma: 2, minMentions: 10 },
};
const numbers: RuleEvaluation = {
  fires: true,
  value: 15,
  mean: 0,
  sd: 1,
  threshold: 2,
  mentions: 15,
  window: '6h',
  baseline: '3d',
};
const delay = (start: number, end?: number): FiringInterval => ({
  kind: 'topic_spike',
  topic: 'delay',
  start: at(start),
  ...(end !== undefined ? { end: at(end) } : {}),
  evaluation: numbers,
});

/** Delay complaints per hour (from T0), as the topic counters hold them. */
function negativeDelay(perHour: Record<number, number>): CounterTotals {
  return Object.fromEntries(
    Object.entries(perHour).map(([h, n]) => [
      new Date(at(Number(h))).toISOString().slice(0, 13),
      { [topicCounterKey.mention('email', 'delay', 'negative')]: n },
    ]),
  );
}

/**
 * The workflow's loop without Temporal: every hour from `fromHour` to `toHour`, evaluate the last 12 hours
 * (two 6-hour windows) of what the counters hold at that time, and reconcile. Answers every alert and
 * every close it would send.
 */
function run(perHour: Record<number, number>, fromHour: number, toHour: number) {
  let incidents: Incident[] = [];
  const opened: Incident[] = [];
  const closed: Incident[] = [];
  for (let now = fromHour; now <= toHour; now++) {
    const known = Object.fromEntries(Object.entries(perHour).filter(([h]) => Number(h) <= now));
    const hours = { first: at(now - 11), last: at(now) };
    const intervals = firingIntervals(alertSeries(negativeDelay(known)), rules, hours);
    const changes = reconcileIncidents(incidents, intervals, hours);
    opened.push(...changes.opened.map((o) => o.incident));
    closed.push(...changes.closed.map((c) => ({ ...c })));
    incidents = changes.incidents;
  }
  return { incidents, opened, closed };
}

describe('incidents, round after round', () => {
  it('a burst of 15 over a zero baseline is one incident, however many hours it fires', () => {
    const { opened } = run({ 100: 15 }, 100, 104);
    expect(opened).toEqual([
      { id: 'topic_spike:delay:2026-12-05T04', kind: 'topic_spike', topic: 'delay', openedAt: at(100) },
    ]);
  });

  it('closes once the burst has left the window, at the first hour it stopped firing', () => {
    const { opened, closed, incidents } = run({ 100: 15 }, 100, 110);
    expect(opened).toHaveLength(1);
    expect(closed).toEqual([expect.objectContaining({ id: opened[0].id, closedAt: at(106) })]);
    expect(incidents).toEqual([expect.objectContaining({ id: opened[0].id, closedAt: at(106) })]);
  });

  it('a burst that goes on for a day is still one incident', () => {
    const burst: Record<number, number> = {};
    for (let h = 100; h < 124; h++) burst[h] = 15;
    const { opened, closed } = run(burst, 100, 140);
    expect(opened).toHaveLength(1);
    // The last burst hour is 123; the baseline has grown meanwhile, so it stops firing sooner than 123 + 6.
    expect(closed).toHaveLength(1);
  });

  it('respects minMentions: 9 complaints over a zero baseline open nothing', () => {
    expect(run({ 100: 9 }, 100, 110).opened).toEqual([]);
  });

  it('finds a burst that arrived late (or during an outage) and closes it in the same round', () => {
    // The first round after a 10-hour gap sees the burst of hour 100 already over.
    const hours = { first: at(99), last: at(110) };
    const intervals = firingIntervals(alertSeries(negativeDelay({ 100: 15 })), rules, hours);
    const changes = reconcileIncidents([], intervals, hours);
    expect(changes.opened.map((o) => o.incident.id)).toEqual(['topic_spike:delay:2026-12-05T04']);
    expect(changes.closed).toEqual([expect.objectContaining({ closedAt: at(106) })]);
    // The next round re-evaluates the same hours: nothing new.
    const again = reconcileIncidents(changes.incidents, intervals, hours);
    expect(again).toMatchObject({ opened: [], closed: [], reopened: [] });
    expect(again.incidents).toEqual(changes.incidents);
  });
});

describe('reconcileIncidents', () => {
  const hours = { first: at(90), last: at(110) };
  const known: Incident = {
    id: 'topic_spike:delay:x',
    kind: 'topic_spike',
    topic: 'delay',
    openedAt: at(100),
  };

  it('an interval continuing a known open incident is that incident', () => {
    const changes = reconcileIncidents([known], [delay(99)], hours);
    expect(changes).toMatchObject({ opened: [], closed: [], reopened: [], incidents: [known] });
  });

  it('a gap inside an open incident does not split it', () => {
    const changes = reconcileIncidents([known], [delay(100, 103), delay(105)], hours);
    expect(changes).toMatchObject({ opened: [], closed: [], incidents: [known] });
  });

  it('another topic, or the same topic after a close, is a new incident', () => {
    const closed = { ...known, closedAt: at(104) };
    const price = { ...delay(101), topic: 'price' };
    const changes = reconcileIncidents([closed], [delay(100, 104), delay(106), price], hours);
    expect(changes.opened.map((o) => o.incident.id)).toEqual([
      'topic_spike:price:2026-12-05T05',
      'topic_spike:delay:2026-12-05T10',
    ]);
  });

  it('a closed incident that counts arriving late make fire again is open again, without a new alert', () => {
    const closed = { ...known, closedAt: at(104) };
    const changes = reconcileIncidents([closed], [delay(100)], hours);
    expect(changes.opened).toEqual([]);
    expect(changes.reopened).toEqual([known]);
  });

  it('an open incident with nothing firing in the evaluated hours closes no earlier than the first of them', () => {
    const old = { ...known, openedAt: at(50) };
    expect(reconcileIncidents([old], [], hours).closed).toEqual([{ ...old, closedAt: at(90) }]);
  });

  it('keeps every open incident and only the most recently closed ones', () => {
    const incidents: Incident[] = [
      { ...known, id: 'a', openedAt: at(1), closedAt: at(2) },
      { ...known, id: 'b', openedAt: at(3), closedAt: at(4) },
      { ...known, id: 'c', openedAt: at(0) },
    ];
    expect(incidentsToKeep(incidents, 1).map((i) => i.id)).toEqual(['c', 'b']);
    // JSON-safe: what continue-as-new carries comes back the same.
    expect(JSON.parse(JSON.stringify(incidents))).toEqual(incidents);
  });
});
