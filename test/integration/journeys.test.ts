import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import { journeyProgressQuery } from '../../workflows/journeys/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// Journeys with the real server and real worker, on policy timings of seconds (docs/DESIGN.md allows them).
// A local HTTP receiver stands in for the team's Slack webhook and the brand's message webhook.

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
  const receiver = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
  h = await createHarness({
    policyTtlMs: 200,
    deliveryEnv: {
      TUTTI_ALERT_WEBHOOK_URL: `${receiver}/slack`,
      TUTTI_WEBHOOK_URL: `${receiver}/messages`,
      TUTTI_WEBHOOK_SECRET: 'journeys-test-secret',
    },
  });
  await setJourneyTimings({});
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => slack?.close(r));
});

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
  // Workers trust a policy they read for 200 ms here; new customer workflows then read this one.
  await new Promise((r) => setTimeout(r, 400));
}

async function send(customerId: string, event: Record<string, unknown>) {
  const res = await h.request('POST', '/v1/events', { customerId, channel: 'web', properties: {}, ...event });
  expect(res.status).toBe(202);
}

async function identify(customerId: string, traits: Record<string, unknown> = {}) {
  await send(customerId, {
    id: `${customerId}-identify`,
    type: 'identify',
    // An address on two channels, so cart recovery's follow-up has another channel to choose.
    properties: {
      traits: { email: `${customerId}@example.com`, pushToken: `push-${customerId}`, ...traits },
    },
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
/**
 * The journey's steps once all of `wanted` are in the read model. Steps are recorded by activities that may
 * finish out of order, so waiting for a later step does not mean an earlier one is there yet.
 */
async function untilStep(customerId: string, journey: string, wanted: string | string[], timeoutMs = 30_000) {
  const names = typeof wanted === 'string' ? [wanted] : wanted;
  return eventually(
    async () => {
      const steps = await journeySteps(customerId, journey);
      return names.every((name) => steps.some((s) => s.step === name)) ? steps : undefined;
    },
    timeoutMs,
    `${journey} steps ${names.join(', ')}`,
  );
}

async function customer(customerId: string) {
  const res = await h.request('GET', `/v1/customers/${customerId}`);
  return res.body;
}

async function journeyStatus(customerId: string, journey: string, run = 1) {
  const handle = h.client.workflow.getHandle(`journey:default:${customerId}:${journey}:${run}`);
  return (await handle.describe()).status.name;
}

async function ledger(customerId: string): Promise<any[]> {
  const res = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=100`);
  return res.body.contacts;
}

describe('cart recovery', () => {
  it('sends an email reminder, then a follow-up on the other channel when the email was not opened, then ends', async () => {
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

    const steps = await untilStep(customerId, 'cartRecovery', [
      'reminder_email',
      'reminder_followup',
      'completed',
    ]);
    const sends = steps.filter((s) => s.step === 'reminder_email' || s.step === 'reminder_followup');
    expect(sends.map((s) => [s.step, s.detail.channel, s.detail.decision])).toEqual([
      ['reminder_email', 'email', 'sent'],
      ['reminder_followup', 'push', 'sent'],
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
    const steps = await untilStep(customerId, 'serviceRecovery', ['csat_survey', 'completed']);
    expect(steps.find((s) => s.step === 'csat_survey')?.detail).toMatchObject({
      category: 'survey',
      decision: 'sent',
    });
    expect(steps.some((s) => s.step.startsWith('escalated'))).toBe(false);
  });
});

describe('service recovery, escalation and repeat complaints', () => {
  it('escalates to the team when the case is not resolved within the SLA', async () => {
    await setJourneyTimings({ serviceRecovery: { resolutionSla: '2s' } });
    const customerId = `sla-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-disruption`,
      type: 'disruption',
      channel: 'ops',
      properties: { kind: 'flight_cancelled', severity: 'high' },
    });
    const steps = await untilStep(customerId, 'serviceRecovery', 'escalated_sla');
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['team_alerted', 'apology', 'awaiting_resolution:timed_out', 'escalated_sla']),
    );
    const escalation = alertsReceived.find(
      (a) => a.idempotencyKey === `journey:default:${customerId}:serviceRecovery:1:escalated_sla`,
    );
    expect(JSON.stringify(escalation?.body)).toContain('not resolved within 2s');
    // Still waiting for the resolution after escalating (ops see it in the progress query); resolving it goes
    // on to the survey.
    expect(await journeyStatus(customerId, 'serviceRecovery')).toBe('RUNNING');
    const progress = await eventually(async () => {
      const now = await h.client.workflow
        .getHandle(`journey:default:${customerId}:serviceRecovery:1`)
        .query(journeyProgressQuery);
      return now.waitingFor === 'awaiting_resolution' ? now : undefined;
    });
    expect(progress.status).toBe('running');
    expect(progress.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['apology', 'escalated_sla']));
    await send(customerId, { id: `${customerId}-resolved`, type: 'case_resolved', channel: 'ops' });
    await untilStep(customerId, 'serviceRecovery', 'completed');
  });

  it('starts no second journey for a second negative message while recovery is active, and escalates instead', async () => {
    await setJourneyTimings({});
    const customerId = `again-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-1`,
      type: 'message',
      channel: 'email',
      text: 'The parcel never arrived and I am still waiting for my refund. Very disappointed.',
    });
    await untilStep(customerId, 'serviceRecovery', 'awaiting_resolution');
    await send(customerId, {
      id: `${customerId}-2`,
      type: 'message',
      channel: 'chat',
      text: 'Still nothing! Worst customer service ever, I am furious.',
    });
    const steps = await untilStep(customerId, 'serviceRecovery', 'escalated_complaint');
    expect(new Set(steps.map((s) => s.journeyId))).toEqual(
      new Set([`journey:default:${customerId}:serviceRecovery:1`]),
    );
    const view = await customer(customerId);
    expect(view.activeJourneys).toEqual(['serviceRecovery']);
    expect(view.openCases).toHaveLength(1);
    const running = [];
    for await (const wf of h.client.workflow.list({
      query: `WorkflowId STARTS_WITH 'journey:default:${customerId}:' AND ExecutionStatus = 'Running'`,
    })) {
      running.push(wf.workflowId);
    }
    expect(running).toEqual([`journey:default:${customerId}:serviceRecovery:1`]);
    // Ops find the customer by the journey they are in, in the Temporal UI.
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of h.client.workflow.list({
        query: `ActiveJourneys = 'serviceRecovery' AND CustomerId = '${customerId}'`,
      })) {
        ids.push(wf.workflowId);
      }
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([`customer:default:${customerId}`]);
  });
});

describe('service recovery after the resolution', () => {
  it('skips the survey for a customer unhappy again, and starts the next recovery for their new case', async () => {
    await setJourneyTimings({ serviceRecovery: { surveyAfter: '20s' } });
    const customerId = `relapse-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-1`,
      type: 'message',
      channel: 'chat',
      text: 'My order is lost and support is useless. Terrible.',
    });
    await untilStep(customerId, 'serviceRecovery', 'awaiting_resolution');
    await send(customerId, { id: `${customerId}-resolved`, type: 'case_resolved', channel: 'ops' });
    await untilStep(customerId, 'serviceRecovery', 'wait_before_survey');
    await send(customerId, {
      id: `${customerId}-2`,
      type: 'disruption',
      channel: 'ops',
      properties: { kind: 'delivery_delayed' },
    });
    const steps = await untilStep(customerId, 'serviceRecovery', 'exited');
    const first = steps.filter((s) => s.journeyId.endsWith(':serviceRecovery:1'));
    expect(first.at(-1)?.detail).toEqual({ reason: 'unhappy_again' });
    expect(first.some((s) => s.step === 'csat_survey')).toBe(false);
    const second = await eventually(async () => {
      const all = await journeySteps(customerId, 'serviceRecovery');
      const run2 = all.filter((s) => s.journeyId.endsWith(':serviceRecovery:2'));
      return run2.some((s) => s.step === 'apology') ? run2 : undefined;
    });
    const view = await customer(customerId);
    expect(second[0].detail.trigger).toMatchObject({
      caseId: view.openCases[0].caseId,
      reason: 'disruption',
    });
    expect(view.activeJourneys).toEqual(['serviceRecovery']);
  });
});

describe('advocacy', () => {
  it('asks a delighted customer after the delay and thanks them when they post a review', async () => {
    await setJourneyTimings({ advocacy: { askAfter: '2s' } });
    const customerId = `fan-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-rave`,
      type: 'message',
      channel: 'social',
      text: 'Absolutely love this brand! Amazing quality and the best support ever :)',
    });
    const asked = await untilStep(customerId, 'advocacy', ['advocacy_ask', 'awaiting_advocacy']);
    expect(asked.find((s) => s.step === 'advocacy_ask')?.detail).toMatchObject({
      category: 'advocacy',
      decision: 'sent',
    });
    await send(customerId, {
      id: `${customerId}-review`,
      type: 'message',
      channel: 'review',
      text: 'Five stars, wonderful experience, highly recommend!',
    });
    const steps = await untilStep(customerId, 'advocacy', ['thank_you', 'completed']);
    expect(steps.find((s) => s.step === 'thank_you')?.detail).toMatchObject({ decision: 'sent' });
    expect(steps.at(-1)?.detail).toEqual({ reason: 'thanked' });
  });

  it('is cancelled at once by a negative message before the ask, and never asks', async () => {
    await setJourneyTimings({ advocacy: { askAfter: '6s' } });
    const customerId = `fickle-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-rave`,
      type: 'message',
      channel: 'review',
      text: 'Fantastic shoes, love them, great value!',
    });
    await untilStep(customerId, 'advocacy', 'wait_before_ask');
    await send(customerId, {
      id: `${customerId}-rant`,
      type: 'message',
      channel: 'chat',
      text: 'The sole broke after two days. Terrible quality, I want a refund.',
    });
    const steps = await untilStep(customerId, 'advocacy', 'exited');
    expect(steps.at(-1)?.detail).toEqual({ reason: 'negative_event' });
    expect(steps.some((s) => s.step === 'advocacy_ask')).toBe(false);
    await eventually(async () =>
      (await journeyStatus(customerId, 'advocacy')) === 'COMPLETED' ? true : undefined,
    );
    // Past the ask time, still nothing asked.
    await new Promise((r) => setTimeout(r, 6_500));
    expect((await ledger(customerId)).filter((c) => c.category === 'advocacy')).toEqual([]);
  });

  it('is cancelled at once by a disruption', async () => {
    await setJourneyTimings({ advocacy: { askAfter: '30s' } });
    const customerId = `flyer-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-rave`,
      type: 'message',
      channel: 'social',
      text: 'Best airline ever, wonderful crew, loved every minute!',
    });
    await untilStep(customerId, 'advocacy', 'wait_before_ask');
    await send(customerId, {
      id: `${customerId}-cancelled`,
      type: 'disruption',
      channel: 'ops',
      properties: { kind: 'flight_cancelled' },
    });
    const steps = await untilStep(customerId, 'advocacy', 'exited');
    expect(steps.at(-1)?.detail).toEqual({ reason: 'disruption' });
    // The disruption starts service recovery instead.
    await untilStep(customerId, 'serviceRecovery', 'apology');
  });
});

describe('cart recovery exits and the ledger', () => {
  it('ends at once on the purchase of that cart (not another), before any reminder', async () => {
    await setJourneyTimings({ cartRecovery: { firstReminderAfter: '3s' } });
    const customerId = `buyer-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-7' },
    });
    await untilStep(customerId, 'cartRecovery', 'wait_first_reminder');
    await send(customerId, {
      id: `${customerId}-other`,
      type: 'purchase',
      properties: { orderId: 'o-1', cartId: 'c-other', amount: 5 },
    });
    await send(customerId, {
      id: `${customerId}-buy`,
      type: 'purchase',
      properties: { orderId: 'o-2', cartId: 'c-7', amount: 80 },
    });
    const steps = await untilStep(customerId, 'cartRecovery', ['exit_event', 'exited']);
    expect(steps.find((s) => s.step === 'exit_event')?.detail).toMatchObject({
      eventId: `${customerId}-buy`,
      reason: 'cart_purchased',
    });
    expect(steps.some((s) => s.step.startsWith('reminder_'))).toBe(false);
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await ledger(customerId)).toEqual([]);
  });

  it('is suppressed by exclusions: no reminder to a customer with an open case', async () => {
    await setJourneyTimings({});
    const customerId = `upset-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-complaint`,
      type: 'message',
      channel: 'chat',
      text: 'My order arrived broken and nobody answers. Awful.',
    });
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-1' },
    });
    const steps = await untilStep(customerId, 'cartRecovery', [
      'reminder_email',
      'reminder_followup',
      'completed',
    ]);
    expect(
      steps.filter((s) => s.step.startsWith('reminder_')).map((s) => [s.detail.decision, s.detail.reason]),
    ).toEqual([
      ['suppressed', 'open_case'],
      ['suppressed', 'open_case'],
    ]);
  });

  it('is capped: the marketing cap already used by campaigns holds the reminder back', async () => {
    await setJourneyTimings({});
    const customerId = `capped-${uid()}`;
    await identify(customerId);
    for (const id of ['p1', 'p2']) {
      const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
        id: `${customerId}-${id}`,
        channel: 'push',
        category: 'promotion',
        campaign: 'flash-sale',
      });
      expect(res.body.decision).toBe('sent');
    }
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-1' },
    });
    const steps = await untilStep(customerId, 'cartRecovery', 'reminder_email');
    expect(steps.find((s) => s.step === 'reminder_email')?.detail.reason).toBe('frequency_cap:marketing-24h');
  });

  it('waits for quiet hours to end, and withdraws the waiting reminder when the cart is bought', async () => {
    const now = new Date();
    const hhmm = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    // Quiet hours from an hour ago to two hours from now, in UTC (the customer has no time zone).
    await setJourneyTimings({
      quietHours: {
        start: hhmm(new Date(now.getTime() - 3_600_000)),
        end: hhmm(new Date(now.getTime() + 7_200_000)),
        defaultTimeZone: 'UTC',
        categories: ['promotion', 'newsletter', 'reminder', 'survey', 'advocacy'],
      },
    });
    const customerId = `night-${uid()}`;
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-9' },
    });
    const steps = await untilStep(customerId, 'cartRecovery', 'reminder_email');
    const reminder = steps.find((s) => s.step === 'reminder_email')!;
    expect(reminder.detail).toMatchObject({ decision: 'scheduled', reason: 'quiet_hours' });
    await send(customerId, {
      id: `${customerId}-buy`,
      type: 'purchase',
      properties: { orderId: 'o-9', cartId: 'c-9', amount: 20 },
    });
    await untilStep(customerId, 'cartRecovery', 'exited');
    const contact = await eventually(async () => {
      const found = (await ledger(customerId)).find((c) => c.messageId === reminder.detail.messageId);
      return found?.reason === 'withdrawn' ? found : undefined;
    });
    expect(contact).toMatchObject({ decision: 'suppressed', campaign: 'cartRecovery' });
    await setJourneyTimings({});
  });
});

describe('a journey that fails', () => {
  it('fails on its own, shows in the timeline and the Temporal UI, and leaves the customer workflow running', async () => {
    await setJourneyTimings({});
    const customerId = `broken-${uid()}`;
    // The team's webhook answers 400 to alerts about this customer: not retryable, the alert fails for good.
    failingPaths.add(customerId);
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-complaint`,
      type: 'message',
      channel: 'chat',
      text: 'Awful experience, my refund is lost and nobody cares.',
    });
    const steps = await untilStep(customerId, 'serviceRecovery', 'failed');
    expect(steps.at(-1)?.detail.reason).toMatch(/400/);
    // The step is recorded before the journey's workflow fails: it may lag the read model by a moment.
    await eventually(async () =>
      (await journeyStatus(customerId, 'serviceRecovery')) === 'FAILED' ? true : undefined,
    );
    await eventually(async () =>
      (await customer(customerId)).activeJourneys.length === 0 ? true : undefined,
    );
    const customerHandle = h.client.workflow.getHandle(`customer:default:${customerId}`);
    expect((await customerHandle.describe()).status.name).toBe('RUNNING');
    // The customer workflow still decides: a transactional message goes out.
    const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `${customerId}-receipt`,
      channel: 'push',
      category: 'transactional',
    });
    expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok' });
    // The receiver refuses that message for good (400): the timeline says so, with the receiver's answer.
    const failed = await eventually(async () => {
      const timeline = await h.request('GET', `/v1/customers/${customerId}/timeline`);
      return (timeline.body.entries as any[]).find(
        (e) => e.kind === 'delivery' && e.messageId === res.body.messageId && e.status === 'failed',
      );
    });
    expect(failed).toMatchObject({
      adapter: 'webhook',
      attempts: 1,
      lastError: expect.stringMatching(/400/),
    });
    expect(
      alertsReceived.filter((r) => r.path === '/messages' && r.idempotencyKey === res.body.messageId),
    ).toHaveLength(1);
  });
});

describe('journeys and continue-as-new', () => {
  it('a journey outlives the customer run that started it and reports its end to the next one', async () => {
    await setJourneyTimings({ cartRecovery: { firstReminderAfter: '4s', secondChannelAfter: '1s' } });
    const customerId = `long-${uid()}`;
    const workflowId = `customer:default:${customerId}`;
    await h.client.workflow.start('customerWorkflow', {
      workflowId,
      taskQueue: h.taskQueue,
      args: [{ workspace: 'default', customerId, continueAsNewAfterHistoryLength: 40 }],
    });
    await identify(customerId);
    await send(customerId, {
      id: `${customerId}-abandon`,
      type: 'cart_abandoned',
      properties: { cartId: 'c-1' },
    });
    await untilStep(customerId, 'cartRecovery', 'wait_first_reminder');
    const firstRun = (await h.client.workflow.getHandle(workflowId).describe()).runId;
    // Enough events to make the customer workflow continue-as-new while the journey waits.
    // How many that takes depends on how the server batches signals into workflow tasks (more per task on a
    // busy machine), so it browses until the run has changed.
    let browses = 0;
    await eventually(async () => {
      if ((await h.client.workflow.getHandle(workflowId).describe()).runId !== firstRun) return true;
      await send(customerId, { id: `${customerId}-browse-${browses++}`, type: 'browse' });
      return undefined;
    });
    const steps = await untilStep(customerId, 'cartRecovery', [
      'reminder_email',
      'reminder_followup',
      'completed',
    ]);
    expect(steps.filter((s) => s.step.startsWith('reminder_')).map((s) => s.detail.decision)).toEqual([
      'sent',
      'sent',
    ]);
    await eventually(async () =>
      (await customer(customerId)).activeJourneys.length === 0 ? true : undefined,
    );
  });
});
