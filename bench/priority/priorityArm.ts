// One arm of bench/priority.ts: a stack of its own, a slow receiver, a marketing storm and transactional
// messages through it; latencies from the API's "sent" to the receiver.
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import { percentile } from '../stats';
import { startStormStack } from '../storm/stormStack';

export interface PriorityArmOptions {
  priority: boolean;
  marketing: number;
  transactional: number;
  workerMaxActivities: number;
  /** How long the receiver takes to answer each message. */
  receiverMs: number;
  log: (line: string) => void;
}

export interface Latencies {
  count: number;
  p50: number;
  p90: number;
  max: number;
}

export interface PriorityArmResult {
  priority: boolean;
  transactional: Latencies;
  marketing: Latencies;
  /** From the first marketing request to the receiver's last marketing message. */
  drainedMs: number;
  /** Messages answered "sent" that never reached the receiver before the deadline. */
  missing: number;
}

const DRAIN_TIMEOUT_MS = 10 * 60_000;

export async function runPriorityArm(options: PriorityArmOptions): Promise<PriorityArmResult> {
  const received = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const { requestId } = JSON.parse(raw) as { requestId: string };
      if (!received.has(requestId)) received.set(requestId, Date.now());
      setTimeout(() => res.end('ok'), options.receiverMs);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const stack = await startStormStack({
    selfHeal: false,
    workerMaxActivities: options.workerMaxActivities,
    env: {
      TUTTI_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`,
      TUTTI_WEBHOOK_SECRET: 'bench-priority',
    },
    temporalDynamicConfig: { 'matching.useNewMatcher': options.priority },
    log: options.log,
  });
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // No quiet hours: the storm goes out whatever the hour the benchmark runs at.
    const policy = await call('GET', '/v1/policy');
    const { version: _version, ...document } = policy.body;
    const put = await call('PUT', '/v1/policy', {
      ...document,
      quietHours: { ...(document.quietHours as object), categories: [] },
    });
    if (put.status !== 200) throw new Error(`PUT /v1/policy: ${put.status} ${JSON.stringify(put.body)}`);

    const run = randomBytes(3).toString('hex');
    const answeredAt = new Map<string, { at: number; category: string }>();
    const ask = async (customerId: string, requestId: string, category: string) => {
      for (let attempt = 1; ; attempt++) {
        const res = await call('POST', `/v1/customers/${customerId}/contact-requests`, {
          id: requestId,
          channel: 'sms',
          category,
          content: { body: `${category} ${requestId}` },
        });
        if (res.status === 200) {
          if (res.body.decision === 'sent') answeredAt.set(requestId, { at: Date.now(), category });
          return;
        }
        if (attempt >= 5) throw new Error(`contact request ${requestId}: ${res.status}`);
        await sleep(1_000);
      }
    };

    const start = Date.now();
    let marketingAnswered = 0;
    const storm = mapWithConcurrency(
      Array.from({ length: options.marketing }, (_, i) => i),
      32,
      async (i) => {
        await ask(`mk-${run}-${i}`, `mk-${run}-${i}`, 'newsletter');
        marketingAnswered++;
      },
    );
    const transactional = (async () => {
      // Once a quarter of the storm is in: the delivery queue is backed up by then.
      while (marketingAnswered < options.marketing / 4) await sleep(100);
      options.log(`  transactional messages start (${marketingAnswered} marketing answered)`);
      for (let i = 0; i < options.transactional; i++) {
        void ask(`tx-${run}-${i}`, `tx-${run}-${i}`, 'transactional');
        await sleep(250);
      }
    })();
    await Promise.all([storm, transactional]);
    options.log(`  all requests answered after ${((Date.now() - start) / 1000).toFixed(1)} s; draining ...`);
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while ([...answeredAt.keys()].some((id) => !received.has(id)) && Date.now() < deadline) await sleep(500);

    const latencies = { transactional: [] as number[], marketing: [] as number[] };
    let missing = 0;
    let lastMarketing = start;
    for (const [requestId, { at, category }] of answeredAt) {
      const arrived = received.get(requestId);
      if (arrived === undefined) {
        missing++;
        continue;
      }
      if (category === 'transactional') latencies.transactional.push(arrived - at);
      else {
        latencies.marketing.push(arrived - at);
        lastMarketing = Math.max(lastMarketing, arrived);
      }
    }
    const result: PriorityArmResult = {
      priority: options.priority,
      transactional: summarize(latencies.transactional),
      marketing: summarize(latencies.marketing),
      drainedMs: lastMarketing - start,
      missing,
    };
    options.log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stack.stop();
    await new Promise((r) => receiver.close(r));
  }
}

function summarize(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: 0, p90: 0, max: 0 };
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    max: sorted[sorted.length - 1],
  };
}
