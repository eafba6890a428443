import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi/openApiDocument';
import { HOUR_MS, hourOf } from '../../domain/alerts/alertRule';
import { defaultPolicy } from '../../domain/policy';
import type { CounterTotals } from '../../domain/reports/reportCounters';
import { topicCounterKey } from '../../domain/topics/topicCounters';
import { eventKey } from '../../storage/documentKeys';
import { publishPolicy } from '../../storage/policyStore';
import type { workspaceAlertsWorkflow } from '../../workflows/alerts/workspaceAlerts';
import { WORKSPACE_ALERTS_WORKFLOW_TYPE, workspaceAlertsWorkflowId } from '../../workflows/alerts/messages';
import { writeCounterTotals } from '../support/counterTotals';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, eventually, uid } from '../support/harness';

/**
 * Alerts end to end (docs/ALERTS.md): topic counters written through storage's own write path — four quiet
 * days (5 scored events an hour, 4 positive), then 20 delay complaints over two hours, 10 and 9 hours ago —
 * a policy with 6-hour windows, a 3-day baseline, rounds every 2 s and a team that owns `delay`; the real
 * API starts the workspace's alerts workflow, a real worker runs it. The burst has left the window by now, so
 * the first round finds each incident already over: it opens and closes it at once.
 */

let h: Harness;
let receiver: Server;
let receiverUrl: string;
const received: { idempotencyKey: string; body: { text: string; blocks: { text?: { text: string } }[] } }[] =
  [];
const workspace = `alerts-${uid()}`;
let admin: string;

const now = hourOf(Date.now());
const burstStart = now - 10 * HOUR_MS;
const hourBucket = (at: number) => new Date(at).toISOString().slice(0, 13);

function history(): CounterTotals {
  const totals: CounterTotals = {};
  for (let at = now - 4 * 24 * HOUR_MS; at <= now; at += HOUR_MS) {
    totals[hourBucket(at)] = {
      [topicCounterKey.scored('email', 'positive')]: 4,
      [topicCounterKey.scored('email', 'negative')]: 1,
    };
  }
  for (const at of [burstStart, burstStart + HOUR_MS]) {
    totals[hourBucket(at)][topicCounterKey.scored('email', 'negative')] += 10;
    totals[hourBucket(at)][topicCounterKey.mention('email', 'delay', 'negative')] = 10;
  }
  return totals;
}

/** Two complaints in the burst, as the customer workflow would have left them: a processed event and a receipt. */
async function writeComplaints(): Promise<void> {
  const complaints = [
    { id: 'late-1', text: 'My parcel is a week late and nobody answers.', score: -0.8 },
    { id: 'late-2', text: 'Still waiting for the delivery.', score: -0.4 },
  ];
  const occurredAt = new Date(burstStart + 10 * 60_000);
  for (const c of complaints) {
    const _id = eventKey(workspace, c.id);
    const common = {
      _id,
      workspace,
      eventId: c.id,
      customerId: `cust-${c.id}`,
      type: 'message',
      channel: 'email',
    };
    await h.storage.models.events.collection.insertOne({
      ...common,
      occurredAt,
      receivedAt: occurredAt,
      text: c.text,
      properties: {},
    } as never);
    await h.storage.models.processedEvents.collection.insertOne({
      ...common,
      occurredAt,
      receivedAt: occurredAt,
      score: c.score,
      label: 'negative',
      topics: [{ name: 'delay', score: c.score }],
      processedAt: occurredAt,
      bucketHour: `${hourBucket(burstStart)}:00Z`,
      bucketDay: hourBucket(burstStart).slice(0, 10),
    } as never);
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        idempotencyKey: String(req.headers['idempotency-key']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]['body'],
      });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/logistics`;
  h = await createHarness();
  admin = await apiKeyFor(h, workspace, 'admin');
  await writeCounterTotals(h.storage.models, workspace, history());
  await writeComplaints();
}, 120_000);

afterAll(async () => {
  // The alerts workflows run forever: end this file's, so the shared server keeps nothing of it running.
  for (const ws of [workspace, `${workspace}-ingest`, `${workspace}-carried`]) {
    await h?.client.workflow
      .getHandle(workspaceAlertsWorkflowId(ws))
      .terminate('test over')
      .catch(() => undefined);
  }
  await h?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('alerts', () => {
  it('one topic_spike for a burst of delay complaints, to the team that owns delay, opened and resolved once', async () => {
    const put = await h.request('PUT', '/v1/policy', alertsPolicy(), bearer(admin));
    expect(put.status).toBe(200);

    const spikes = await eventually(
      async () => {
        const res = await h.request('GET', '/v1/alerts', undefined, bearer(admin));
        const found = (res.body as { alerts: Record<string, any>[] }).alerts.filter(
          (a) => a.kind === 'topic_spike',
        );
        return found.length > 0 && found.every((a) => a.status === 'closed') && received.length >= 2
          ? found
          : undefined;
      },
      30_000,
      'a closed topic_spike and its two messages',
    );
    const openedAt = new Date(burstStart).toISOString();
    expect(spikes).toEqual([
      {
        id: `topic_spike:delay:${hourBucket(burstStart)}`,
        kind: 'topic_spike',
        topic: 'delay',
        openedAt,
        // The second burst hour leaves the 6-hour window 6 hours later.
        closedAt: new Date(burstStart + 7 * HOUR_MS).toISOString(),
        status: 'closed',
        title: 'Spike in negative mentions of "delay" (for logistics)',
        detail: {
          value: 10,
          mean: 0,
          sd: 1,
          threshold: 2,
          mentions: 10,
          window: '6h',
          baseline: '3d',
          team: 'logistics',
          examples: [
            { eventId: 'late-1', text: 'My parcel is a week late and nobody answers.', score: -0.8 },
            { eventId: 'late-2', text: 'Still waiting for the delivery.', score: -0.4 },
          ],
        },
      },
    ]);

    // The team's receiver: one opening message naming the topic and the numbers, one resolved.
    const opening = received.find((m) => m.idempotencyKey.endsWith(':opened'));
    const resolved = received.find((m) => m.idempotencyKey.endsWith(':resolved'));
    expect(received).toHaveLength(2);
    expect(opening?.body.text).toContain('Spike in negative mentions of "delay"');
    expect(opening?.body.blocks[1].text?.text).toContain('10 negative mentions of "delay" in the 6h');
    expect(opening?.body.blocks[1].text?.text).toContain('averaged 0 per 6h (sd 1), threshold 2');
    expect(opening?.body.blocks[1].text?.text).toContain('> My parcel is a week late and nobody answers.');
    expect(resolved?.body.text).toContain('Resolved: negative mentions of "delay"');

    // Later rounds evaluate the same hours again and send nothing more.
    const handle = h.client.workflow.getHandle(workspaceAlertsWorkflowId(workspace));
    const rounds = async () =>
      (await handle.fetchHistory()).events?.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'evaluateAlerts',
      ).length ?? 0;
    const before = await rounds();
    await eventually(
      async () => ((await rounds()) >= before + 2 ? true : undefined),
      20_000,
      'two more rounds',
    );
    expect(received).toHaveLength(2);
    const again = await h.request('GET', '/v1/alerts?status=closed', undefined, bearer(admin));
    expect(again.body.alerts.filter((a: { kind: string }) => a.kind === 'topic_spike')).toHaveLength(1);

    // A workflow ended and started afresh (the next policy change starts it) finds the same incidents: no resend.
    const { runId: firstRun } = await handle.describe();
    await handle.terminate('restart');
    expect((await h.request('PUT', '/v1/policy', withoutVersion(put.body), bearer(admin))).status).toBe(200);
    const freshRun = await eventually(async () => {
      const { runId } = await handle.describe();
      return runId !== firstRun ? runId : undefined;
    });
    const fresh = h.client.workflow.getHandle(workspaceAlertsWorkflowId(workspace), freshRun);
    const names = await eventually(
      async () => {
        const scheduled = ((await fresh.fetchHistory()).events ?? []).map(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name,
        );
        return scheduled.filter((n) => n === 'evaluateAlerts').length >= 2 ? scheduled : undefined;
      },
      20_000,
      'two rounds of the fresh run',
    );
    expect(names).toContain('knownIncidents');
    expect(names).not.toContain('openIncident');
    expect(received).toHaveLength(2);
  }, 60_000);

  it('the same burst dropped net sentiment: one nss_drop, stored only (no default webhook configured)', async () => {
    const res = await h.request('GET', '/v1/alerts?status=closed', undefined, bearer(admin));
    const drops = res.body.alerts.filter((a: { kind: string }) => a.kind === 'nss_drop');
    expect(drops).toHaveLength(1);
    const [drop] = drops;
    expect(drop).toMatchObject({
      id: `nss_drop:workspace:${hourBucket(burstStart)}`,
      openedAt: new Date(burstStart).toISOString(),
    });
    expect(drop.topic).toBeUndefined();
    expect(drop.detail.team).toBeUndefined();
    // 30 events of the quiet window (NSS 60) and 10 complaints: NSS 20 over 40, below 60 − 2 × its standard error.
    expect(drop.detail).toMatchObject({ value: 20, mean: 60, mentions: 40 });
    expect(drop.detail.value).toBeLessThan(drop.detail.threshold);
    expect((await h.request('GET', '/v1/alerts?status=open', undefined, bearer(admin))).body).toEqual({
      alerts: [],
    });
  });

  it('answers as the OpenAPI document says, with no field it does not name', async () => {
    const document = openApiDocument() as { components: { schemas: Record<string, unknown> } };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile({
      ...closed(document.components.schemas.AlertList),
      components: { schemas: closed(document.components.schemas) },
    } as object);
    const res = await h.request('GET', '/v1/alerts?limit=10', undefined, bearer(admin));
    expect(res.body.alerts).toHaveLength(2);
    expect(validate(res.body) ? [] : validate.errors).toEqual([]);
  });

  it('refuses a status that is not one, naming the field', async () => {
    const res = await h.request('GET', '/v1/alerts?status=resolved', undefined, bearer(admin));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'status', message: 'must be open or closed' }]);
  });

  it('carries its incidents over continue-as-new: no second alert from the next run', async () => {
    const carried = `${workspace}-carried`;
    await writeCounterTotals(h.storage.models, carried, history());
    await publishPolicy(h.storage.models, carried, alertsPolicy());
    const handle = await h.client.workflow.start<typeof workspaceAlertsWorkflow>(
      WORKSPACE_ALERTS_WORKFLOW_TYPE,
      {
        workflowId: workspaceAlertsWorkflowId(carried),
        taskQueue: h.taskQueue,
        args: [{ workspace: carried, roundsPerRun: 2 }],
      },
    );
    // Three runs: the first opens and closes the incidents, the next two only evaluate.
    await eventually(
      async () => {
        const runs: string[] = [];
        for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` }))
          runs.push(wf.runId);
        return runs.length >= 3 ? runs : undefined;
      },
      30_000,
      'two continues-as-new',
    );
    const ours = received.filter((m) => m.idempotencyKey.startsWith(`${carried}:`));
    expect(ours.map((m) => m.idempotencyKey).sort()).toEqual([
      `${carried}:topic_spike:delay:${hourBucket(burstStart)}:opened`,
      `${carried}:topic_spike:delay:${hourBucket(burstStart)}:resolved`,
    ]);
  });

  it('the first event a process ingests for a workspace starts its alerts workflow', async () => {
    const other = `${workspace}-ingest`;
    const ingest = await apiKeyFor(h, other, 'ingest');
    const customerId = `c-${uid()}`;
    const res = await h.request(
      'POST',
      '/v1/events',
      { id: `${customerId}-1`, customerId, type: 'identify', channel: 'web', properties: {} },
      bearer(ingest),
    );
    expect(res.status).toBe(202);
    const description = await eventually(async () => {
      const d = await h.client.workflow.getHandle(workspaceAlertsWorkflowId(other)).describe();
      return d.status.name === 'RUNNING' ? d : undefined;
    });
    expect(description.taskQueue).toBe(h.taskQueue);
  });
});

/** 6-hour windows against 3 days, a round every 2 s, and a team that owns `delay` (the local receiver). */
function alertsPolicy() {
  return {
    ...withoutVersion(defaultPolicy),
    alerts: {
      every: '2s',
      nssDrop: { window: '6h', baseline: '3d', sigma: 2, minMentions: 20 },
      topicSpike: { window: '6h', baseline: '3d', sigma: 2, minMentions: 10 },
    },
    teams: [{ name: 'logistics', topics: ['delay'], webhook: receiverUrl }],
  };
}

function withoutVersion<T extends { version?: number }>(document: T): Omit<T, 'version'> {
  const { version: _version, ...body } = document;
  void _version;
  return body;
}

/** A copy of a schema in which every object schema that lists properties allows no others. */
function closed(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = key === 'example' ? value : closed(value);
  if (copy.properties !== undefined && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}
