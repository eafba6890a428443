import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import { workspaceAlertsWorkflowId } from '../../workflows/alerts/messages';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, eventually, uid } from '../support/harness';

/**
 * The issue's "done when", through the front door: late-delivery complaints sent to the API with past
 * `occurredAt` — one every 6 hours for three and a half days, then a burst of 12 between 10 and 9 hours ago —
 * are tagged and counted by the customers' workflows, and the workspace's alerts workflow (started by the
 * first event) raises exactly one `topic_spike` for `delay`, already closed because the burst has left the
 * 6-hour window, and tells the team that owns `delay` once. Nothing waits for an hour to pass: the alerts
 * workflow re-evaluates the recent hours every round.
 */

const HOUR_MS = 3_600_000;
let h: Harness;
let receiver: Server;
const received: { path: string; key: string; text: string }[] = [];
const workspace = `spike-${uid()}`;
let admin: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', key: String(req.headers['idempotency-key']), text: raw });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  h = await createHarness();
  admin = await apiKeyFor(h, workspace, 'admin');
}, 120_000);

afterAll(async () => {
  await h?.client.workflow
    .getHandle(workspaceAlertsWorkflowId(workspace))
    .terminate('test over')
    .catch(() => undefined);
  await h?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('alerts from events', () => {
  it('a burst of late-delivery complaints over a quiet baseline raises one topic_spike that closes when the burst ends', async () => {
    const { version: _version, ...body } = defaultPolicy;
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const put = await h.request(
      'PUT',
      '/v1/policy',
      {
        ...body,
        alerts: {
          every: '2s',
          nssDrop: { window: '6h', baseline: '3d', sigma: 2, minMentions: 1000 },
          topicSpike: { window: '6h', baseline: '3d', sigma: 2, minMentions: 5 },
        },
        teams: [{ name: 'logistics', topics: ['delay'], webhook: `${hook}/logistics` }],
      },
      bearer(admin),
    );
    expect(put.status).toBe(200);

    const now = Date.now();
    const complaint = (i: number, at: number) => ({
      id: `${workspace}-${i}`,
      customerId: `c-${i}`,
      type: 'message',
      channel: 'email',
      occurredAt: new Date(at).toISOString(),
      text: 'My parcel is late again, this is useless.',
    });
    const quiet = Array.from({ length: 14 }, (_, i) => complaint(i, now - (3.5 * 24 - 6 * i) * HOUR_MS));
    const burst = Array.from({ length: 12 }, (_, i) =>
      complaint(100 + i, now - 10 * HOUR_MS + i * 4 * 60_000),
    );
    const sent = await h.request('POST', '/v1/events', { events: [...quiet, ...burst] }, bearer(admin));
    expect(sent.status).toBe(202);
    expect(sent.body.accepted).toBe(26);

    const spikes = await eventually(
      async () => {
        const res = await h.request('GET', '/v1/alerts', undefined, bearer(admin));
        const found = (res.body.alerts as Record<string, any>[]).filter((a) => a.kind === 'topic_spike');
        return found.length > 0 && found.every((a) => a.status === 'closed') ? found : undefined;
      },
      60_000,
      'a closed topic_spike',
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ topic: 'delay', status: 'closed', detail: { team: 'logistics' } });
    // The numbers as they stood when it opened: the burst may still have been arriving (at least minMentions).
    expect(spikes[0].detail.value).toBeGreaterThanOrEqual(5);
    expect(spikes[0].detail.value).toBeGreaterThan(spikes[0].detail.threshold);
    // It opens at an hour whose 6-hour window holds the burst: which one depends on how much of the burst the
    // customers' workflows had counted when a round first saw it fire (rounds re-evaluate the recent hours).
    const opened = Date.parse(spikes[0].openedAt);
    const burstHour = Math.floor((now - 10 * HOUR_MS) / HOUR_MS) * HOUR_MS;
    expect(opened).toBeGreaterThanOrEqual(burstHour);
    expect(opened).toBeLessThan(now - 3 * HOUR_MS);
    expect(Date.parse(spikes[0].closedAt)).toBeGreaterThan(opened);
    expect(Date.parse(spikes[0].closedAt)).toBeLessThanOrEqual(now);

    // Later rounds look at the same hours again: still one incident, and the team heard of it once.
    await new Promise((r) => setTimeout(r, 5_000));
    const again = await h.request('GET', '/v1/alerts', undefined, bearer(admin));
    expect((again.body.alerts as { kind: string }[]).filter((a) => a.kind === 'topic_spike')).toHaveLength(1);
    // (The complaints' service cases alert logistics too, each under its own journey's key.)
    const spikeMessages = received.filter((m) => m.key.includes('topic_spike'));
    expect(spikeMessages.map((m) => m.path)).toEqual(['/logistics', '/logistics']);
    const [opening, resolved] = spikeMessages;
    expect(opening.key).toMatch(/:opened$/);
    expect(opening.text).toContain('Spike in negative mentions of \\"delay\\"');
    expect(resolved.key).toMatch(/:resolved$/);
  });
});
