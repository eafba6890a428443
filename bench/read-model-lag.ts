// bench/read-model-lag: how far the read model (MongoDB, what GET /v1/customers/{id} shows) trails the customer
// workflow's own state (what decisions are made from), under a steady stream of customers.
//   npm run bench:read-model-lag -- [--customers 300] [--rate 20] [--events 4] [--poll-ms 250]
// It starts its own Temporal dev server (in memory), FerretDB, one worker and the API in this process
// (bench/inProcessStack.ts). Each customer sends one batch of events through the API; two watchers then poll the
// workflow's `state` query (applied) and GET /v1/customers/{id} (mirrored), every --poll-ms, until both show
// every event. The baseline is "applied" of the same customer in the same run: the figure is the mirror's extra
// delay and its ratio.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { customerStateQuery, customerWorkflowId } from '../workflows/customer/messages';
import { startInProcessStack } from './inProcessStack';
import { median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '300' },
    rate: { type: 'string', default: '20' },
    events: { type: 'string', default: '4' },
    // A workflow query is a task on the worker: polling too often measures the polling.
    'poll-ms': { type: 'string', default: '250' },
  },
});
const CUSTOMERS = Number(values.customers);
const RATE = Number(values.rate);
const EVENTS = Number(values.events);
const TASK_QUEUE = 'bench-lag';
const POLL_MS = Number(values['poll-ms']);
const GIVE_UP_MS = 120_000;

interface Sample {
  applied: number;
  mirrored: number;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startInProcessStack({ name: 'bench-lag', taskQueue: TASK_QUEUE });
  const { client, baseUrl: base, headers } = stack;

  const samples: Sample[] = [];
  let lost = 0;
  const one = async (n: number): Promise<void> => {
    const customerId = `lag-${n}`;
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      id: `${customerId}-${i}`,
      customerId,
      type: 'message',
      channel: 'chat',
      text: i % 2 === 0 ? 'Where is my order? It is late again.' : 'Thanks, that helps.',
    }));
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
    });
    if (res.status !== 202) throw new Error(`events answered ${res.status}: ${await res.text()}`);
    const accepted = performance.now();
    const handle = client.workflow.getHandle(customerWorkflowId('default', customerId));
    const applied = until(async () => (await handle.query(customerStateQuery)).counts.message === EVENTS);
    const mirrored = until(async () => {
      const r = await fetch(`${base}/v1/customers/${customerId}`, { headers });
      if (r.status !== 200) return false;
      const body = (await r.json()) as { counts?: Record<string, number> };
      return body.counts?.message === EVENTS;
    });
    const [a, m] = await Promise.all([applied, mirrored]);
    if (a === undefined || m === undefined) lost++;
    else samples.push({ applied: a - accepted, mirrored: m - accepted });
  };

  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < CUSTOMERS; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one(n));
  }
  await Promise.all(inFlight);
  const wall = (performance.now() - started) / 1000;

  const appliedMs = samples.map((s) => s.applied).sort((a, b) => a - b);
  const mirroredMs = samples.map((s) => s.mirrored).sort((a, b) => a - b);
  const lagMs = samples.map((s) => s.mirrored - s.applied).sort((a, b) => a - b);
  const row = (name: string, sorted: number[]) =>
    `| ${name} | ${median(sorted).toFixed(0)} | ${percentile(sorted, 0.99).toFixed(0)} | ${sorted[sorted.length - 1].toFixed(0)} |`;
  console.log(
    `\n${CUSTOMERS} customers at ${RATE}/s, ${EVENTS} events each, ${wall.toFixed(1)} s, one worker, ${os.cpus().length} cores, polling every ${POLL_MS} ms\n`,
  );
  console.log('| after 202 | p50 ms | p99 ms | max ms |');
  console.log('|---|---:|---:|---:|');
  console.log(row('applied in the workflow (query)', appliedMs));
  console.log(row('mirrored in MongoDB (GET customer)', mirroredMs));
  console.log(row('lag: mirrored − applied', lagMs));
  console.log(
    `\nmirrored p99 × applied p99: ${(percentile(mirroredMs, 0.99) / percentile(appliedMs, 0.99)).toFixed(2)}; customers never seen in ${GIVE_UP_MS / 1000} s: ${lost}`,
  );

  await stack.stop();
  if (lost > 0) process.exitCode = 1;
}

/** Polls until `check` is true; the time it first was, or undefined after GIVE_UP_MS. */
async function until(check: () => Promise<boolean>): Promise<number | undefined> {
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    try {
      if (await check()) return performance.now();
    } catch {
      // not there yet (the workflow may not exist a moment after the 202)
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
