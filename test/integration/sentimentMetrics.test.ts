import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { apiKeyFor, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const POSITIVE = 'Wonderful service, thank you so much! I love it.';
const NEGATIVE = 'This is terrible. My order never arrived and I am furious.';
const NEUTRAL = 'My order number is 12345';

/**
 * Two days, two hours on the first day, two channels. Expected per bucket (all channels):
 *   2026-03-10T09:00Z  chat +, chat +, email -          → 2/1/0  NSS 33.3
 *   2026-03-10T14:00Z  email neutral                    → 0/0/1  NSS 0
 *   2026-03-11T08:00Z  chat -, email +                  → 1/1/0  NSS 0
 *   (outside the range: 2026-03-12T00:00Z, and a purchase with no text)
 */
const customer = `c-${uid()}`;
const EVENTS = [
  { channel: 'chat', occurredAt: '2026-03-10T09:05:00Z', text: POSITIVE },
  { channel: 'chat', occurredAt: '2026-03-10T09:40:00Z', text: POSITIVE },
  { channel: 'email', occurredAt: '2026-03-10T09:59:59.999Z', text: NEGATIVE },
  { channel: 'email', occurredAt: '2026-03-10T15:30:00+01:00', text: NEUTRAL },
  { channel: 'chat', occurredAt: '2026-03-11T08:00:00Z', text: NEGATIVE },
  { channel: 'email', occurredAt: '2026-03-11T08:30:00Z', text: POSITIVE },
  { channel: 'chat', occurredAt: '2026-03-12T00:00:00Z', text: NEGATIVE },
].map((e, i) => ({ id: `${customer}-${i}`, customerId: customer, type: 'message', ...e }));
const RANGE = 'from=2026-03-10T00:00:00Z&to=2026-03-12T00:00:00Z';

describe('GET /v1/metrics/sentiment', () => {
  beforeAll(async () => {
    const res = await h.request('POST', '/v1/events', {
      events: [
        ...EVENTS,
        {
          id: `${customer}-p`,
          customerId: customer,
          type: 'purchase',
          channel: 'web',
          occurredAt: '2026-03-10T12:00:00Z',
        },
      ],
    });
    expect(res.status).toBe(202);
    // Every message scored and projected (with its bucket keys and counters).
    await eventually(
      async () => {
        const scored = await h.storage.models.processedEvents.countDocuments({
          customerId: customer,
          label: { $exists: true },
          bucketDay: { $exists: true },
        });
        return scored === EVENTS.length ? true : undefined;
      },
      30_000,
      'all messages scored',
    );
    // And counted at write time (the report counters the route reads).
    await eventually(
      async () => {
        const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}`);
        return res.body.total === EVENTS.length - 1 ? true : undefined;
      },
      30_000,
      'all messages counted',
    );
  });

  it('answers NSS and a daily series for the range, neutral counted in the denominator', async () => {
    const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-03-10T00:00:00.000Z',
      to: '2026-03-12T00:00:00.000Z',
      bucket: 'day',
      channel: null,
      positive: 3,
      negative: 2,
      neutral: 1,
      total: 6,
      nss: 16.7,
    });
    expect(res.body.series).toEqual([
      { bucket: '2026-03-10', positive: 2, negative: 1, neutral: 1, total: 4, nss: 25 },
      { bucket: '2026-03-11', positive: 1, negative: 1, neutral: 0, total: 2, nss: 0 },
    ]);
  });

  it('buckets by UTC hour, in time order, leaving out hours with nothing scored', async () => {
    const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&bucket=hour`);
    expect(res.status).toBe(200);
    expect(res.body.series).toEqual([
      { bucket: '2026-03-10T09:00Z', positive: 2, negative: 1, neutral: 0, total: 3, nss: 33.3 },
      { bucket: '2026-03-10T14:00Z', positive: 0, negative: 0, neutral: 1, total: 1, nss: 0 },
      { bucket: '2026-03-11T08:00Z', positive: 1, negative: 1, neutral: 0, total: 2, nss: 0 },
    ]);
  });

  it('filters by channel', async () => {
    const chat = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&channel=chat`);
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ channel: 'chat', positive: 2, negative: 1, neutral: 0, nss: 33.3 });
    expect(chat.body.series.map((s: { bucket: string }) => s.bucket)).toEqual(['2026-03-10', '2026-03-11']);

    const email = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&channel=email&bucket=day`);
    expect(email.body).toMatchObject({ positive: 1, negative: 1, neutral: 1, total: 3, nss: 0 });

    const sms = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&channel=sms`);
    expect(sms.body).toMatchObject({ positive: 0, negative: 0, neutral: 0, total: 0, nss: null, series: [] });
  });

  it('treats the range as half-open [from, to), rounded out to whole UTC hours', async () => {
    const onTheHour = await h.request(
      'GET',
      '/v1/metrics/sentiment?from=2026-03-10T14:00:00Z&to=2026-03-12T00:00:00Z&bucket=hour',
    );
    expect(onTheHour.body).toMatchObject({ positive: 1, negative: 1, neutral: 1 });
    // The counters are hourly: 09:40 reads from 09:00, and 00:00:00.001 up to 01:00.
    const res = await h.request(
      'GET',
      '/v1/metrics/sentiment?from=2026-03-10T09:40:00Z&to=2026-03-12T00:00:00.001Z&bucket=hour',
    );
    expect(res.body).toMatchObject({
      from: '2026-03-10T09:00:00.000Z',
      to: '2026-03-12T01:00:00.000Z',
      positive: 3,
      negative: 3,
      neutral: 1,
    });
  });

  it('answers every channel in one call with groupBy=channel, the same figures as one call per channel', async () => {
    for (const bucket of ['day', 'hour']) {
      const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&bucket=${bucket}&groupBy=channel`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ channel: null, positive: 3, negative: 2, neutral: 1, total: 6 });
      expect(Object.keys(res.body.channels)).toEqual(['chat', 'email']);
      for (const channel of ['chat', 'email']) {
        const alone = await h.request(
          'GET',
          `/v1/metrics/sentiment?${RANGE}&bucket=${bucket}&channel=${channel}`,
        );
        const { from: _f, to: _t, bucket: _b, channel: _c, ...figures } = alone.body;
        expect(res.body.channels[channel]).toEqual(figures);
      }
    }
    const one = await h.request('GET', `/v1/metrics/sentiment?${RANGE}&channel=sms&groupBy=channel`);
    expect(one.body).toMatchObject({ channel: 'sms', total: 0, channels: {} });
    const none = await h.request('GET', `/v1/metrics/sentiment?${RANGE}`);
    expect(none.body).not.toHaveProperty('channels');
  });

  it('defaults to the last 7 days (rounded out to whole hours) and day buckets', async () => {
    const before = Date.now();
    const res = await h.request('GET', '/v1/metrics/sentiment');
    expect(res.status).toBe(200);
    expect(res.body.bucket).toBe('day');
    const to = Date.parse(res.body.to);
    const from = Date.parse(res.body.from);
    expect(to).toBeGreaterThanOrEqual(before - 1000);
    expect(to % 3_600_000).toBe(0);
    expect(from % 3_600_000).toBe(0);
    expect(to - from).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(to - from).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
    // Our events are in March 2026, long before "now" in this test run... unless the clock says otherwise.
    if (to > Date.parse('2026-03-20T00:00:00Z'))
      expect(res.body).toMatchObject({ total: 0, nss: null, series: [] });
  });

  it('sees only the caller’s workspace', async () => {
    const otherKey = await apiKeyFor(h, `other-${uid()}`);
    const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}`, undefined, {
      authorization: `Bearer ${otherKey}`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, nss: null, series: [] });
  });

  it('takes a date alone as the start of that day in UTC', async () => {
    const res = await h.request('GET', '/v1/metrics/sentiment?from=2026-03-10&to=2026-03-12');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-03-10T00:00:00.000Z',
      to: '2026-03-12T00:00:00.000Z',
      total: 6,
      nss: 16.7,
    });
  });

  it.each([
    ['bucket=week', 'bucket'],
    ['from=yesterday', 'from'],
    ['from=2026-03-32', 'from'],
    ['from=2026-03-10T00:00', 'from'],
    ['to=2026-03-10T00:00:00', 'to'],
    ['channel=fax', 'channel'],
    ['groupBy=topic', 'groupBy'],
    ['from=2026-03-12T00:00:00Z&to=2026-03-10T00:00:00Z', 'to'],
    ['from=2026-03-10T00:00:00Z&to=2026-03-10T00:00:00Z', 'to'],
    ['from=2025-01-01T00:00:00Z&to=2026-03-10T00:00:00Z&bucket=hour', 'from'],
    ['from=2023-01-01T00:00:00Z&to=2026-03-10T00:00:00Z', 'from'],
  ])('answers 400 problem+json naming the parameter for %s', async (query, path) => {
    const res = await h.request('GET', `/v1/metrics/sentiment?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: 'urn:tutti:problem:validation' });
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers the same from the sentiment and topic day families, wholly or from when they started counting', async () => {
    const marker = 'default:s:since';
    const counters = h.storage.models.reportCounters.collection;
    // Counting marked the workspace: from the next hour (these events, in March, are read from the topic family).
    const written = await counters.findOne<{ since: Date }>({ _id: marker } as never);
    expect(written?.since.getTime()).toBeGreaterThan(Date.parse('2026-03-12T00:00:00Z'));
    const answers = async () =>
      Promise.all(
        [
          `${RANGE}`,
          `${RANGE}&bucket=hour&groupBy=channel`,
          `${RANGE}&channel=email`,
          'from=2026-03-10T09:40:00Z&to=2026-03-12T00:00:00.001Z&bucket=hour',
          'from=2026-03-10T09:40:00Z&to=2026-03-12T00:00:00.001Z&groupBy=channel',
          'from=2026-03-09T23:00:00Z&to=2026-03-11T08:30:00Z',
        ].map(async (q) => (await h.request('GET', `/v1/metrics/sentiment?${q}`)).body),
      );
    const fromTopics = await answers();
    // Day buckets read whole days from the topic day family since it counts (marked when these were counted).
    const days = 'default:td:since';
    expect(
      (await counters.findOne<{ since: Date }>({ _id: days } as never))?.since.getTime(),
    ).toBeGreaterThan(Date.parse('2026-03-12T00:00:00Z'));
    for (const daysSince of [
      '2026-03-01T00:00:00Z',
      '2026-03-10T12:00:00Z',
      '2026-03-11T00:00:00Z',
      '2027-01-01',
    ]) {
      await counters.updateOne({ _id: days } as never, { $set: { since: new Date(daysSince) } });
      for (const since of ['2026-03-01T00:00:00Z', '2026-03-10T12:00:00Z', '2026-03-11T08:00:00Z']) {
        await counters.updateOne({ _id: marker } as never, { $set: { since: new Date(since) } });
        expect(await answers(), `days since ${daysSince}, sentiment since ${since}`).toEqual(fromTopics);
      }
    }
  });

  it('needs an API key', async () => {
    const res = await h.request('GET', `/v1/metrics/sentiment?${RANGE}`, undefined, { authorization: '' });
    expect(res.status).toBe(401);
  });
});
