import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountReports } from '../../activities/countReports';
import { defaultPolicy } from '../../domain/policy';
import type { CounterIncrement, CounterTotals } from '../../domain/reports/reportCounters';
import { REPORT_COUNTER_SHARDS, reportCounterKey } from '../../storage/reportCounters';
import { DEFAULT_TOPIC_RULES } from '../../domain/topics/defaultTopicRules';
import { topicCounterKey as t } from '../../domain/topics/topicCounters';
import { writeCounterTotals } from '../support/counterTotals';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

/**
 * `GET /v1/metrics/topics` (api/routes/topicMetrics.ts) over topic counters written through storage's own
 * write path, as the customer workflow writes them (domain/topics/topicCounters.ts): synthetic totals, so
 * that every number can be worked out by hand.
 *
 * The range asked, 09:30–11:10 on 10 March, is read as 09:00–12:00; the previous period is 06:00–09:00.
 *   09  scored: chat 3 positive, 4 negative, 1 neutral; email 2 negative
 *       delay: chat 3 negative mentions (in 3 negative events), email 1 (in 1 negative event)
 *       staff: chat 1 positive, 1 negative mention (in 1 positive and 1 negative event)
 *   11  scored: chat 2 positive; price: chat 1 positive mention (in 1 positive event)
 *   12  after the range: 50 negative delay events, which must not count
 *   06  (previous) delay: chat 1 positive, 1 negative mention; 05 (before it) 30 more, which must not count
 *
 * The workspace: 5 positive, 6 negative, 1 neutral of 12 scored → NSS (5 − 6) / 12 = −8.3.
 * Negative mentions: delay 4, staff 1 → delay has 4/5 = 0.8 of them. Without delay's 4 events: 5 positive,
 * 2 negative, 1 neutral → (5 − 2) / 8 = 37.5, so delay costs the workspace 37.5 − (−8.3) = 45.8 points.
 */
const TOTALS: CounterTotals = {
  '2026-03-10T05': { [t.mention('chat', 'delay', 'negative')]: 30 },
  '2026-03-10T06': {
    [t.scored('chat', 'positive')]: 1,
    [t.scored('chat', 'negative')]: 1,
    [t.mention('chat', 'delay', 'positive')]: 1,
    [t.mention('chat', 'delay', 'negative')]: 1,
    [t.event('chat', 'delay', 'positive')]: 1,
    [t.event('chat', 'delay', 'negative')]: 1,
  },
  '2026-03-10T09': {
    [t.scored('chat', 'positive')]: 3,
    [t.scored('chat', 'negative')]: 4,
    [t.scored('chat', 'neutral')]: 1,
    [t.scored('email', 'negative')]: 2,
    [t.mention('chat', 'delay', 'negative')]: 3,
    [t.event('chat', 'delay', 'negative')]: 3,
    [t.mention('email', 'delay', 'negative')]: 1,
    [t.event('email', 'delay', 'negative')]: 1,
    [t.mention('chat', 'staff', 'positive')]: 1,
    [t.mention('chat', 'staff', 'negative')]: 1,
    [t.event('chat', 'staff', 'positive')]: 1,
    [t.event('chat', 'staff', 'negative')]: 1,
  },
  '2026-03-10T11': {
    [t.scored('chat', 'positive')]: 2,
    [t.mention('chat', 'price', 'positive')]: 1,
    [t.event('chat', 'price', 'positive')]: 1,
  },
  '2026-03-10T12': {
    [t.scored('chat', 'negative')]: 50,
    [t.mention('chat', 'delay', 'negative')]: 50,
    [t.event('chat', 'delay', 'negative')]: 50,
  },
};

const RANGE = 'from=2026-03-10T09:30:00Z&to=2026-03-10T11:10:00%2B00:00';
const ROUNDED = { from: '2026-03-10T09:00:00.000Z', to: '2026-03-10T12:00:00.000Z' };

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await writeCounterTotals(h.storage.models, 'default', TOTALS);
});
afterAll(async () => {
  await h?.close();
});

type Topic = { name: string; [field: string]: unknown };
const byName = (topics: Topic[]) => Object.fromEntries(topics.map((topic) => [topic.name, topic]));

async function refused(path: string): Promise<string[]> {
  const res = await h.request('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (res.body.errors as { path: string }[]).map((e) => e.path);
}

describe('GET /v1/metrics/topics', () => {
  it('answers the counts, NSS, previous period and drivers a user works out by hand', async () => {
    const res = await h.request('GET', `/v1/metrics/topics?${RANGE}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ...ROUNDED, channel: null, nss: -8.3, scored: 12 });
    const topics = res.body.topics as Topic[];
    const delay = DEFAULT_TOPIC_RULES.find((rule) => rule.name === 'delay');
    expect(topics[0]).toEqual({
      name: 'delay',
      definition: delay?.definition,
      mentions: 4,
      positive: 0,
      negative: 4,
      neutral: 0,
      nss: -100,
      previous: { mentions: 2, nss: 0 },
      negativeShare: 0.8,
      nssWithout: 37.5,
      impact: 45.8,
    });
    // staff: 1 of 5 negative mentions; without its 2 events 4 positive, 5 negative, 1 neutral → −10.
    expect(topics[1]).toMatchObject({
      name: 'staff',
      mentions: 2,
      nss: 0,
      negativeShare: 0.2,
      nssWithout: -10,
      impact: -1.7,
    });
    // price lifts the NSS: without its event (4 − 6) / 11 = −18.2, so it is worth 9.9 points.
    expect(byName(topics).price).toMatchObject({ mentions: 1, nss: 100, nssWithout: -18.2, impact: -9.9 });
    // Every topic of the policy in force, quiet ones with zeros, most negative mentions first, then by name.
    expect(topics.map((topic) => topic.name)).toEqual([
      'delay',
      'staff',
      ...DEFAULT_TOPIC_RULES.map((rule) => rule.name)
        .filter((name) => name !== 'delay' && name !== 'staff')
        .sort(),
    ]);
    expect(byName(topics).waiting).toMatchObject({
      mentions: 0,
      nss: null,
      previous: { mentions: 0, nss: null },
      negativeShare: 0,
      nssWithout: -8.3,
      impact: 0,
    });
  });

  it('reads one channel with channel=', async () => {
    const res = await h.request('GET', `/v1/metrics/topics?${RANGE}&channel=email`);
    expect(res.body).toMatchObject({ channel: 'email', nss: -100, scored: 2 });
    // One of the two negative email events mentions delay: the other alone still reads −100.
    expect(res.body.topics[0]).toMatchObject({
      name: 'delay',
      mentions: 1,
      previous: { mentions: 0, nss: null },
      negativeShare: 1,
      nssWithout: -100,
      impact: 0,
    });
    expect(byName(res.body.topics).staff).toMatchObject({ mentions: 0, nssWithout: -100, impact: 0 });
  });

  it("lists the workspace's own taxonomy, and a topic it no longer has that was mentioned", async () => {
    const workspace = `ws-${uid()}`;
    const admin = await apiKeyFor(h, workspace, 'admin');
    const { version: _version, ...body } = structuredClone(defaultPolicy) as any;
    body.topics = [{ name: 'wifi', definition: 'The connection on board.', any: ['wifi'] }];
    const put = await h.request('PUT', '/v1/policy', body, bearer(admin));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await writeCounterTotals(h.storage.models, workspace, {
      '2026-03-10T10': { [t.scored('app', 'neutral')]: 1, [t.mention('app', 'delay', 'neutral')]: 1 },
    });
    const res = await h.request('GET', `/v1/metrics/topics?${RANGE}`, undefined, bearer(admin));
    expect(res.body).toMatchObject({ nss: 0, scored: 1 });
    expect(res.body.topics.map((topic: Topic) => [topic.name, topic.definition, topic.mentions])).toEqual([
      ['delay', undefined, 1],
      ['wifi', 'The connection on board.', 0],
    ]);
  });

  it('takes the last 7 days by default, rounded out to whole hours', async () => {
    const before = Date.now();
    const res = await h.request('GET', '/v1/metrics/topics');
    expect(res.status).toBe(200);
    const from = Date.parse(res.body.from);
    const to = Date.parse(res.body.to);
    expect(from % 3_600_000).toBe(0);
    expect(to).toBeGreaterThanOrEqual(before);
    expect([7 * 24, 7 * 24 + 1]).toContain((to - from) / 3_600_000);
    expect(res.body).toMatchObject({ nss: null, scored: 0 });
  });

  it('is read with a member key, not an ingest key', async () => {
    const member = await apiKeyFor(h, 'default', 'member');
    expect((await h.request('GET', '/v1/metrics/topics', undefined, bearer(member))).status).toBe(200);
    const ingest = await apiKeyFor(h, 'default', 'ingest');
    const res = await h.request('GET', '/v1/metrics/topics', undefined, bearer(ingest));
    expect(res.status).toBe(403);
    expect(res.body.requiredRole).toBe('member');
  });

  it('refuses a bad date, range or channel with 400 naming the parameter', async () => {
    expect(await refused('/v1/metrics/topics?from=yesterday')).toEqual(['from']);
    expect(await refused('/v1/metrics/topics?from=2026-03-10&to=2026-03-10')).toEqual(['to']);
    expect(await refused('/v1/metrics/topics?from=2024-01-01&to=2026-01-02')).toEqual(['from']);
    expect(await refused('/v1/metrics/topics?channel=fax')).toEqual(['channel']);
  });
});

describe('GET /v1/metrics/topics from the topic day family', () => {
  /**
   * Four customers' topic counters over 12 days (5–16 March), counted through the real activity
   * (countReports), which adds the day family's twins and marks since when it counts: now, after these days,
   * so at first every answer comes from the hourly topic family. Then the markers are moved before the data,
   * into the earlier period, into the range (at a midnight and within a day) and after it: every answer must
   * stay the same, to the last count, for ranges whose edges fall inside days and ranges of whole days.
   */
  const workspace = `ws-${uid()}`;
  const CHANNELS = ['chat', 'email', 'app'] as const;
  const LABELS = ['positive', 'negative', 'neutral'] as const;
  const TOPICS = ['delay', 'staff', 'price'] as const;
  let key: string;
  let random = 7;
  const next = (n: number) => {
    random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((random / 2_147_483_648) * n);
  };

  beforeAll(async () => {
    key = await apiKeyFor(h, workspace, 'member');
    const countReports = createCountReports(h.storage.models);
    for (let customer = 0; customer < 4; customer++) {
      let seq = 0;
      for (let day = 5; day <= 16; day++) {
        const increments: CounterIncrement[] = [];
        for (let hour = next(5); hour < 24; hour += 1 + next(6)) {
          const bucket = `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}`;
          const channel = CHANNELS[next(3)];
          const label = LABELS[next(3)];
          increments.push({ bucket, key: t.scored(channel, label), by: 1 });
          for (const topic of TOPICS) {
            if (next(2) === 0) continue;
            increments.push({ bucket, key: t.mention(channel, topic, LABELS[next(3)]), by: 1 });
            increments.push({ bucket, key: t.event(channel, topic, label), by: 1 });
          }
        }
        await countReports({ workspace, customerId: `day-${customer}`, seq: ++seq, increments });
      }
    }
  });

  const QUERIES = [
    '/v1/metrics/topics?from=2026-03-10T09:30:00Z&to=2026-03-14T11:10:00Z',
    '/v1/metrics/topics?from=2026-03-10T09:30:00Z&to=2026-03-14T11:10:00Z&channel=chat',
    '/v1/metrics/topics?from=2026-03-10&to=2026-03-14',
    '/v1/metrics/topics?from=2026-03-11T02:00:00Z&to=2026-03-11T20:00:00Z',
    '/v1/metrics/topics?from=2026-03-09T00:00:00Z&to=2026-03-12T13:00:00Z',
    '/v1/metrics/sentiment?from=2026-03-06T09:30:00Z&to=2026-03-14T11:10:00Z&groupBy=channel',
    '/v1/metrics/sentiment?from=2026-03-06&to=2026-03-16&channel=email',
    '/v1/metrics/sentiment?from=2026-03-06T05:00:00Z&to=2026-03-14T11:10:00Z&bucket=hour',
  ];
  const answers = () =>
    Promise.all(
      QUERIES.map(async (path) => {
        const res = await h.request('GET', path, undefined, bearer(key));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body;
      }),
    );
  const counters = () => h.storage.models.reportCounters.collection;
  const markAt = async (family: string, since: string) => {
    await counters().updateOne({ _id: `${workspace}:${family}:since` } as never, {
      $set: { since: new Date(since) },
    });
  };

  it('answers exactly what the hourly counters answer, wherever the day family started counting', async () => {
    // Counting marked the workspace from the next hour: these March days are read hourly.
    const marker = await counters().findOne<{ since: Date }>({ _id: `${workspace}:td:since` } as never);
    expect(marker?.since.getTime()).toBeGreaterThan(Date.parse('2026-03-17T00:00:00Z'));
    const hourly = await answers();
    expect(hourly[0]).toMatchObject({ from: '2026-03-10T09:00:00.000Z', to: '2026-03-14T12:00:00.000Z' });
    expect(hourly[0].scored).toBeGreaterThan(20);
    expect(hourly[0].topics[0].previous.mentions).toBeGreaterThan(0);
    for (const since of [
      '2026-02-01T00:00:00Z',
      '2026-03-08T05:00:00Z',
      '2026-03-12T00:00:00Z',
      '2026-03-12T13:00:00Z',
      '2026-04-01T00:00:00Z',
    ]) {
      await markAt('td', since);
      for (const sentimentSince of ['2026-02-01T00:00:00Z', '2026-03-11T07:00:00Z', '2026-04-01T00:00:00Z']) {
        await markAt('s', sentimentSince);
        expect(await answers(), `day family since ${since}, sentiment since ${sentimentSince}`).toEqual(
          hourly,
        );
      }
    }
  });

  it('reads whole days from the day family: the hourly documents of a day inside the range are not needed', async () => {
    await markAt('td', '2026-02-01T00:00:00Z');
    const path = '/v1/metrics/topics?from=2026-03-10&to=2026-03-14';
    const whole = (await h.request('GET', path, undefined, bearer(key))).body;
    for (let shard = 0; shard < REPORT_COUNTER_SHARDS; shard++) {
      await counters().deleteOne({ _id: reportCounterKey(workspace, 't', '2026-03-12', shard) } as never);
    }
    expect((await h.request('GET', path, undefined, bearer(key))).body).toEqual(whole);
    // Read hourly (the day family counting only from after the range), 12 March is missing.
    await markAt('td', '2026-04-01T00:00:00Z');
    const hourly = (await h.request('GET', path, undefined, bearer(key))).body;
    expect(hourly.scored).toBeLessThan(whole.scored);
  });
});
