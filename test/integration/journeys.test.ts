import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually } from '../support/harness';

// Journeys with the real server and real worker, on policy timings of seconds (DESIGN.md allows them).
// A local HTTP receiver stands in for the team's Slack webhook.

interface Received {
  path: string;
  body: any;
  idempotencyKey: string | undefined;
}

let h: Harness;
let slack: Server;
const alertsReceived: Received[] = [];
/** Alert paths answered with this status instead of 200 (to make a team alert fail for good). */
const failingPaths = new Set<string>();

beforeAll(async () => {
  slack = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw);
      alertsReceived.push({
        path: req.url ?? '',
        body,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      const failing = [...failingPaths].some((marker) => JSON.stringify(body).includes(marker));
      res.writeHead(failing ? 400 : 200).end(failing ? 'invalid_payload' : 'ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  const alertUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/slack`;
  h = await createHarness({ policyTtlMs: 200, deliveryEnv: { TUTTI_ALERT_WEBHOOK_URL: alertUrl } });
  await setJourneyTimings({});
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => slack?.close(r));
});

const uid = () => Math.random().toString(36).slice(2, 10);

type Journeys = typeof defaultPolicy.journeys;
async function setJourneyTimings(
  overrides: { [K in keyof Journeys]?: Partial<Journeys[K]> } & {
    quietHours?: Partial<typeof defaultPolicy.quietHours>;
  },
): Promise<void> {
  const { version: _v, ...body } = defaultPolicy;
  const journeys: Journeys = {
    serviceRecovery: {
      ...body.journeys.serviceRecovery,
      resolutionSla: '20s',
      surveyAfter: '1s',
      ...overrides.serviceRecovery,
    },
    advocacy: { ...body.journeys.advocacy, askAfter: '2s', ...overrides.advocacy },
    cartRecovery: {
      ...body.journeys.cartRecovery,
      firstReminderAfter: '1s',
      secondChannelAfter: '2s',
      ...overrides.cartRecovery,
    },
  };
  // Quiet hours cover no category unless a test needs them: they would depend on the time the suite runs.
  const put = await h.request('PUT', '/v1/policy', {
    ...body,
    quietHours: { ...body.quietHours, categories: [], ...overrides.quietHours },
    journeys,
  });
  expect(put.status).toBe(200);
}

async function send(customerId: string, event: Record<string, unknown>) {
  const res = await h.request('POST', '/v1/events', { customerId, channel: 'web', properties: {}, ...event });
  expect(res.status).toBe(202);
}

async function identify(customerId: string, traits: Record<string, unknown> = {}) {
  await send(customerId, {
    id: `${customerId}-identify`,
    type: 'identify',
    properties: { traits: { email: `${customerId}@example.com`, ...traits } },
  });
}

interface JourneyStep {
  kind: 'journey';
  journeyId: string;
  journey: string;
  step: string;
  detail: any;
}

async function journeySteps(customerId: string, journey?: string): Promise<JourneyStep[]> {
  const res = await h.request('GET', `/v1/customers/${customerId}/timeline?limit=1000`);
  expect(res.status).toBe(200);
  return (res.body.entries as any[]).filter(
    (e): e is JourneyStep => e.kind === 'journey' && (journey === undefined || e.journey === journey),
  );
}

/** Waits until the journey has recorded `step`, and answers all its steps so far. */
async function untilStep(customerId: string, journey: string, step: string, timeoutMs = 30_000) {
  return eventually(
    async () => {
      const steps = await journeySteps(customerId, journey);
      return steps.some((s) => s.step === step) ? steps : undefined;
    },
    timeoutMs,
    `${journey} step ${step}`,
  );
}

async function customer(customerId: string) {
  const res = await h.request('GET', `/v1/customers/${customerId}`);
  return res.body;
}

async function ledger(customerId: string): Promise<any[]> {
  const res = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=100`);
  return res.body.contacts;
}

describe('cart recovery', () => {
  it('sends an email reminder, then a push when the cart is still not bought, then ends', async () => {
    const customerId = `cart-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-1', items: [{ sku: 'shoe-42' }] },
    });
    await eventually(async () =>
      (await customer(customerId))?.activeJourneys?.includes('cartRecovery') ? true : undefined,
    );

    const steps = await untilStep(customerId, 'cartRecovery', 'completed');
    const sends = steps.filter((s) => s.step === 'reminder_email' || s.step === 'reminder_push');
    expect(sends.map((s) => [s.step, s.detail.channel, s.detail.decision])).toEqual([
      ['reminder_email', 'email', 'sent'],
      ['reminder_push', 'push', 'sent'],
    ]);
    expect(steps[0].journeyId).toBe(`journey:default:${customerId}:cartRecovery:1`);
    const contacts = await ledger(customerId);
    expect(
      contacts
        .filter((c) => c.campaign === 'cartRecovery')
        .map((c) => c.channel)
        .sort(),
    ).toEqual(['email', 'push']);
    await eventually(async () =>
      (await customer(customerId)).activeJourneys.length === 0 ? true : undefined,
    );
  });
});

describe('service recovery', () => {
  it('alerts the team, apologises with an offer to a gold customer, and sends the CSAT survey after resolution', async () => {
    const customerId = `sr-${uid()}`;
    await identify(customerId, { tier: 'gold' });
    await send(customerId, {
      id: `${customerId}-complaint`,
      type: 'message',
      channel: 'chat',
      text: 'My bag was lost, nobody calls back and the agent was rude. Terrible service.',
    });
    const started = await untilStep(customerId, 'serviceRecovery', 'apology');
    const apology = started.find((s) => s.step === 'apology')!;
    expect(apology.detail).toMatchObject({ category: 'service', decision: 'sent', reason: 'ok' });
    const view = await customer(customerId);
    expect(view.activeJourneys).toEqual(['serviceRecovery']);
    const caseId = view.openCases[0].caseId as string;
    const alert = await eventually(() =>
      Promise.resolve(alertsReceived).then((all) =>
        all.find((a) => a.idempotencyKey === `journey:default:${customerId}:serviceRecovery:1:team_alerted`),
      ),
    );
    expect(JSON.stringify(alert.body)).toContain(caseId);
    const apologyMessage = await eventually(async () => {
      const outbox = await h.request('GET', `/v1/customers/${customerId}/outbox`);
      return (outbox.body.messages as any[]).find((m) => m.messageId === apology.detail.messageId);
    });
    expect(apologyMessage.content.data).toMatchObject({ caseId, offer: { kind: 'goodwill', tier: 'gold' } });

    const resolve = await h.request('POST', `/v1/customers/${customerId}/cases/${caseId}/resolve`, {});
    expect(resolve.status).toBeLessThan(300);
    const steps = await untilStep(customerId, 'serviceRecovery', 'completed');
    expect(steps.find((s) => s.step === 'csat_survey')?.detail).toMatchObject({
      category: 'survey',
      decision: 'sent',
    });
    expect(steps.some((s) => s.step.startsWith('escalated'))).toBe(false);
  });
});
