import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// Topics end to end (docs/DESIGN.md, "Topics and alerts"), with the real servers and worker: what a customer
// says is tagged in the workflow, shown in the timeline and the customer, counted for the topic metrics, and
// named in service recovery's team alert — which goes to the team that owns the topic. A local HTTP receiver
// stands in for the teams' Slack webhooks.

interface Received {
  path: string;
  body: { text?: string; blocks?: unknown[] };
}

let h: Harness;
let slack: Server;
const received: Received[] = [];

beforeAll(async () => {
  slack = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw) as Received['body'] });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  const receiver = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
  h = await createHarness({
    policyTtlMs: 200,
    deliveryEnv: { TUTTI_ALERT_WEBHOOK_URL: `${receiver}/default` },
  });
  const { version: _v, ...body } = defaultPolicy;
  const put = await h.request('PUT', '/v1/policy', {
    ...body,
    teams: [{ name: 'logistics', topics: ['delay', 'lost_or_damaged'], webhook: `${receiver}/logistics` }],
  });
  expect(put.status).toBe(200);
  await new Promise((r) => setTimeout(r, 400));
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => slack?.close(r));
});

async function send(customerId: string, event: Record<string, unknown>) {
  const res = await h.request('POST', '/v1/events', { customerId, properties: {}, ...event });
  expect(res.status).toBe(202);
}

const textOf = (r: Received) => JSON.stringify(r.body);

describe('topics, end to end', () => {
  it('a late parcel and a chat on hold: delay and customer_service, negative, in the timeline and the customer; the alert names them and goes to logistics', async () => {
    const customerId = `topics-${uid()}`;
    const complaint = 'third time my parcel is late and your chat just keeps me on hold';
    await send(customerId, { id: `${customerId}-1`, type: 'message', channel: 'chat', text: complaint });

    const entry = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
        return (res.body.entries as any[]).find((e) => e.kind === 'event' && e.topics);
      },
      30_000,
      'the complaint in the timeline with its topics',
    );
    expect(entry.topics.map((t: { name: string }) => t.name)).toEqual(['delay', 'customer_service']);
    for (const topic of entry.topics as { score: number }[]) expect(topic.score).toBeLessThan(-0.25);
    expect(entry.sentiment.label).toBe('negative');

    const customer = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/customers/${customerId}`);
        return res.status === 200 && res.body.negativeTopics ? res.body : undefined;
      },
      30_000,
      'the customer with its negative topics',
    );
    expect(customer.negativeTopics.map((t: { name: string }) => t.name)).toEqual([
      'delay',
      'customer_service',
    ]);
    expect(customer.openCases[0].topics).toEqual(expect.arrayContaining(['delay', 'customer_service']));

    const alert = await eventually(
      () => received.find((r) => textOf(r).includes(customerId)),
      30_000,
      'the team alert for the case',
    );
    expect(alert.path).toBe('/logistics');
    expect(textOf(alert)).toContain('delay');
    expect(textOf(alert)).toContain('customer_service');
  });

  it('a complaint about a topic no team owns goes to the default webhook', async () => {
    const customerId = `topics-${uid()}`;
    await send(customerId, {
      id: `${customerId}-1`,
      type: 'message',
      channel: 'email',
      text: 'Your prices are a total rip-off, absolutely disgraceful.',
    });
    const alert = await eventually(
      () => received.find((r) => textOf(r).includes(customerId)),
      30_000,
      'the team alert for the case',
    );
    expect(alert.path).toBe('/default');
    expect(textOf(alert)).toContain('price');
  });

  it('counts what was tagged: GET /v1/metrics/topics shows the mentions the workflows counted', async () => {
    const before = await h.request('GET', '/v1/metrics/topics');
    expect(before.status).toBe(200);
    const negativeOf = (body: any, name: string): number =>
      (body.topics as { name: string; negative: number }[]).find((t) => t.name === name)?.negative ?? 0;
    const customerId = `topics-${uid()}`;
    await send(customerId, {
      id: `${customerId}-1`,
      type: 'message',
      channel: 'chat',
      text: 'My suitcase was lost and nobody answers the phone.',
    });
    const after = await eventually(
      async () => {
        const res = await h.request('GET', '/v1/metrics/topics');
        return negativeOf(res.body, 'lost_or_damaged') > negativeOf(before.body, 'lost_or_damaged')
          ? res.body
          : undefined;
      },
      30_000,
      'the lost suitcase counted',
    );
    expect(negativeOf(after, 'lost_or_damaged')).toBe(negativeOf(before.body, 'lost_or_damaged') + 1);
    expect(after.scored).toBeGreaterThan(before.body.scored);
  });

  it('survey answers sent through the API are counted for GET /v1/metrics/surveys, beside NSS', async () => {
    const customerId = `surveys-${uid()}`;
    const answers = [
      { kind: 'nps', score: 10 },
      { kind: 'nps', score: 3 },
      { kind: 'csat', score: 4 },
      { kind: 'ces', score: 6 },
      { kind: 'csat', score: 9 }, // off the 1–5 scale: an event, not a CSAT answer
    ];
    for (const [i, properties] of answers.entries()) {
      await send(customerId, { id: `${customerId}-${i}`, type: 'survey', channel: 'email', properties });
    }
    const metrics = await eventually(
      async () => {
        const res = await h.request('GET', '/v1/metrics/surveys?channel=email');
        return res.body.ces?.responses >= 1 && res.body.nps?.responses >= 2 ? res.body : undefined;
      },
      30_000,
      'the answers counted',
    );
    expect(metrics.nps).toMatchObject({ responses: 2, promoters: 1, detractors: 1, score: 0 });
    expect(metrics.csat).toMatchObject({ responses: 1, satisfied: 1, score: 100 });
    expect(metrics.ces).toMatchObject({ responses: 1, mean: 6 });
    expect(metrics.nss.scored).toBeGreaterThanOrEqual(3);
  });
});
