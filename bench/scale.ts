// bench/scale: the embedded stack brought to growing populations of customers, measured at each step
// (docs/BENCHMARKS.md, "Scale"; docs/SCALING.md reads the cost model from it).
//   npm run bench:scale -- [--steps 1000,10000,30000,100000] [--decisions 200] [--idle-seconds 30]
//                          [--settle-seconds 60] [--concurrency 4] [--backlog 1000] [--max-cached N] [--keep]
// One stack of separate processes (Temporal on SQLite, FerretDB, one worker, one API). Each customer gets an
// identify and a message, in batches of 500 events through POST /v1/events; every customer's workflow keeps
// running. At each step: how long the new customers took to be accepted and to reach the read model, ingest
// events/s, the latency of a transactional decision for random customers (right after the read model caught
// up, and again once the stack is idle) beside a no-op Update on the same server, each process's CPU and memory
// while idle, the customer workflows Temporal lists as running and the events processed, storage per customer,
// and history per customer.
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../dev/tools';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { openStorage } from '../storage/connection';
import { customerKey, eventKey } from '../storage/documentKeys';
import { customerWorkflowId } from '../workflows/customer/messages';
import { newCustomerEvents } from './scale/newCustomer';
import { startNoopBaseline } from './scale/noopBaseline';
import { percentile } from './stats';
import { startStormStack } from './storm/stormStack';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000,10000,30000,100000' },
    decisions: { type: 'string', default: '200' },
    'idle-seconds': { type: 'string', default: '30' },
    // Work still draining after the decisions (their deliveries, mirrors and counters, journeys' messages) is
    // not idleness: wait this long before measuring.
    'settle-seconds': { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '4' },
    backlog: { type: 'string', default: '1000' },
    'max-cached': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const steps = values.steps.split(',').map(Number);
if (steps.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= steps[i - 1])))
  throw new Error('--steps: increasing whole numbers, such as 1000,10000');
const DECISIONS = Number(values.decisions);
const IDLE_SECONDS = Number(values['idle-seconds']);
const SETTLE_SECONDS = Number(values['settle-seconds']);
const CONCURRENCY = Number(values.concurrency);
/**
 * At most this many customers accepted but not yet in the read model (0: no limit). Sent all at once, tens of
 * thousands of new workflows queue in the embedded Temporal, whose SQLite store then times its own writes out
 * and retries them (docs/SCALING.md, "Where one machine breaks"): a client that outruns the stack measures that
 * collapse, not how many customers the stack holds.
 */
const BACKLOG = Number(values.backlog);
const CUSTOMERS_PER_BATCH = 250;
const SETTLE_TIMEOUT_MS = 60 * 60_000;
/** Reads by `_id` in flight at once when checking that nothing was lost. */
const LOOKUP_CONCURRENCY = 8;

interface StepResult {
  customers: number;
  /**
   * From the step's first batch to the last one accepted (202), sent at most --backlog customers ahead of the
   * read model.
   */
  acceptSeconds: number;
  eventsPerSecond: number;
  /** From the last batch accepted until every customer of the step was in the read model. */
  readModelLagSeconds: number;
  /** Decisions right after the read model caught up, while the step's counters and journeys may still drain. */
  decisionMs: { p50: number; p99: number };
  /** The same, once the stack has been idle (after --settle-seconds and the idle measurement). */
  decisionSettledMs: { p50: number; p99: number };
  noopUpdateMs: { p50: number; p99: number };
  /** Customer workflows Temporal lists as running, and events the workflows recorded as processed. */
  held: { runningWorkflows: number; processedEvents: number; eventsSent: number };
  idle: Record<string, { cpuPercent: number; rssMiB: number }>;
  /** The worker's idle CPU % by thread name: where an idle worker's time goes. */
  idleWorkerThreads: Record<string, number>;
  storageBytesPerCustomer: { temporal: number; mongo: number };
  history: { eventsPerCustomer: number; bytesPerCustomer: number };
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const stack = await startStormStack({
    selfHeal: false,
    log,
    ...(values['max-cached'] ? { env: { TUTTI_WORKER_MAX_CACHED_WORKFLOWS: values['max-cached'] } } : {}),
  });
  const storage = await openStorage(stack.mongoUri);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const noop = await startNoopBaseline(stack.temporalAddress);
  const results: StepResult[] = [];
  try {
    const call = async (method: string, route: string, body?: unknown) => {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${stack.baseUrl}${route}`, {
          method,
          headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        }).catch((error: unknown) => ({ status: 0, error }) as const);
        if ('error' in res || res.status >= 500 || res.status === 429) {
          if (attempt >= 10)
            throw new Error(`${method} ${route}: ${'error' in res ? String(res.error) : res.status}`);
          await sleep(1_000 * attempt);
          continue;
        }
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }
    };

    let population = 0;
    let processedEvents = 0;
    for (const target of steps) {
      log(`\n== ${target} customers ==`);
      const from = population;
      const batches = Array.from({ length: Math.ceil((target - from) / CUSTOMERS_PER_BATCH) }, (_, b) => {
        const first = from + b * CUSTOMERS_PER_BATCH;
        return Array.from({ length: Math.min(CUSTOMERS_PER_BATCH, target - first) }, (_, k) => first + k);
      });
      const started = Date.now();
      let accepted = 0;
      // Whether a customer is in the read model: a read by `_id`. A count of the collection would do, but FerretDB
      // answers it by reading every document, and polling it made FerretDB the busiest process of the stack.
      // Customers are digested about in the order they came, so one customer stands for those before it.
      const inReadModel = (customer: number) =>
        storage.models.customers
          .exists({ _id: customerKey('default', `c-${customer}`) })
          .then((found) => found !== null)
          .catch(() => false);
      await mapWithConcurrency(batches, CONCURRENCY, async (ids) => {
        const behind = ids[0] - BACKLOG;
        while (BACKLOG > 0 && behind >= 0 && !(await inReadModel(behind))) await sleep(1_000);
        const res = await call('POST', '/v1/events', { events: ids.flatMap(newCustomerEvents) });
        if (res.status !== 202 || res.body.accepted !== ids.length * 2)
          throw new Error(
            `a batch was not taken whole: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        const before = accepted;
        accepted += ids.length;
        if (Math.floor(before / 5_000) !== Math.floor(accepted / 5_000)) log(`  accepted ${from + accepted}`);
      });
      const acceptedAt = Date.now();
      population = target;
      // The read model's lag: until the step's last customers are in it (customers are digested about in the order
      // they came). Then every customer of the step, each one read by `_id` — not a count of the collection, a
      // scan of every document on FerretDB that at 100,000 customers did not answer before the driver gave up
      // (and a failed count read as 0 kept the run waiting for ever). Those missing are read again until none is.
      for (let customer = target - 1; customer >= Math.max(from, target - 20); customer--)
        while (!(await inReadModel(customer))) {
          if (Date.now() - acceptedAt > SETTLE_TIMEOUT_MS) throw new Error('the read model never caught up');
          await sleep(1_000);
        }
      const settledAt = Date.now();
      const missing = await notFound(
        Array.from({ length: target - from }, (_, k) => from + k),
        inReadModel,
        { pauseMs: 2_000, until: acceptedAt + SETTLE_TIMEOUT_MS },
      );
      if (missing.length > 0)
        throw new Error(`the read model never caught up: ${missing.length} customers missing`);
      log(
        `  accepted in ${((acceptedAt - started) / 1000).toFixed(1)} s, in the read model ${((settledAt - acceptedAt) / 1000).toFixed(1)} s later, every one checked ${((Date.now() - settledAt) / 1000).toFixed(1)} s after that`,
      );

      const decide = async (label: string): Promise<number[]> => {
        const millis: number[] = [];
        for (let i = 0; i < DECISIONS; i++) {
          const customer = Math.floor(Math.random() * population);
          const t0 = performance.now();
          const res = await call('POST', `/v1/customers/c-${customer}/contact-requests`, {
            id: `t-${target}-${label}-${i}`,
            channel: 'email',
            category: 'transactional',
            content: { subject: 'Your receipt' },
          });
          if (res.status !== 200) throw new Error(`decision: ${res.status} ${JSON.stringify(res.body)}`);
          millis.push(performance.now() - t0);
        }
        return millis;
      };
      const decisions = await decide('busy');
      const noopMs = await noop.measure(DECISIONS);

      log(`  idle for ${IDLE_SECONDS} s, after ${SETTLE_SECONDS} s ...`);
      await sleep(SETTLE_SECONDS * 1000);
      const cpuBefore = stack.cpuSeconds();
      const workerThreadsBefore = stack.threadCpuSeconds('worker');
      await sleep(IDLE_SECONDS * 1000);
      const cpuAfter = stack.cpuSeconds();
      const workerThreadsAfter = stack.threadCpuSeconds('worker');
      const rss = stack.rssMiB();
      const idle = Object.fromEntries(
        Object.keys(cpuAfter).map((child) => [
          child,
          {
            cpuPercent: round1(((cpuAfter[child] - (cpuBefore[child] ?? 0)) / IDLE_SECONDS) * 100),
            rssMiB: Math.round(rss[child] ?? 0),
          },
        ]),
      );

      const workerThreads = Object.fromEntries(
        Object.entries(workerThreadsAfter)
          .map(([name, seconds]) => [
            name,
            round1(((seconds - (workerThreadsBefore[name] ?? 0)) / IDLE_SECONDS) * 100),
          ])
          .filter(([, percent]) => (percent as number) > 0),
      );

      const decisionsSettled = await decide('settled');
      // Held: every customer's workflow still running (Temporal's visibility store), and every event sent
      // processed (each one a processed_events document; the decisions are not events).
      const runningWorkflows = await client.workflow.count(
        `WorkflowType = 'customerWorkflow' AND ExecutionStatus = 'Running'`,
      );
      // Events processed: the step's own events (the earlier steps' were counted at theirs), each read by `_id`;
      // an event not found is read again twice, so that a read that failed is not taken for an event lost.
      const stepEvents = Array.from({ length: target - from }, (_, k) => newCustomerEvents(from + k)).flat();
      const unprocessed = await notFound(
        stepEvents,
        (event) =>
          storage.models.processedEvents
            .exists({ _id: eventKey('default', event.id) })
            .then((doc) => doc !== null),
        { pauseMs: 5_000, attempts: 3 },
      );
      processedEvents += stepEvents.length - unprocessed.length;

      const sample = Array.from({ length: 20 }, () => Math.floor(Math.random() * population));
      let historyEvents = 0;
      let historyBytes = 0;
      await mapWithConcurrency(sample, 4, async (customer) => {
        const history = await client.workflow
          .getHandle(customerWorkflowId('default', `c-${customer}`))
          .fetchHistory();
        historyEvents += history.events?.length ?? 0;
        historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
      });

      const result: StepResult = {
        customers: target,
        acceptSeconds: round1((acceptedAt - started) / 1000),
        eventsPerSecond: Math.round(((target - from) * 2) / ((acceptedAt - started) / 1000)),
        readModelLagSeconds: round1((settledAt - acceptedAt) / 1000),
        decisionMs: summary(decisions),
        decisionSettledMs: summary(decisionsSettled),
        noopUpdateMs: summary(noopMs),
        held: { runningWorkflows: runningWorkflows.count, processedEvents, eventsSent: target * 2 },
        idle,
        idleWorkerThreads: workerThreads,
        storageBytesPerCustomer: {
          temporal: Math.round(bytesOf(stack.scratch, 'temporal.sqlite*') / target),
          mongo: Math.round(bytesOf(stack.scratch, 'mongo') / target),
        },
        history: {
          eventsPerCustomer: round1(historyEvents / sample.length),
          bytesPerCustomer: Math.round(historyBytes / sample.length),
        },
      };
      log(`  ${JSON.stringify(result)}`);
      results.push(result);
    }
  } finally {
    await noop.close();
    await connection.close();
    await storage.close();
    await stack.stop({ keepScratch: values.keep });
  }

  console.log(
    '\n| customers | accept s | events/s | read model lag s | decision p50 / p99 ms | settled decision p50 / p99 ms | running workflows | events processed / sent | no-op Update p50 / p99 ms | idle CPU % (temporal, ferretdb, worker, api) | RSS MiB (same order) | Temporal B/customer | MongoDB B/customer | history events / bytes per customer |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|');
  for (const r of results) {
    const parts = ['temporal', 'ferretdb', 'worker', 'api'];
    console.log(
      `| ${r.customers.toLocaleString('en')} | ${r.acceptSeconds} | ${r.eventsPerSecond} | ${r.readModelLagSeconds} | ${r.decisionMs.p50} / ${r.decisionMs.p99} | ${r.decisionSettledMs.p50} / ${r.decisionSettledMs.p99} | ${r.held.runningWorkflows} | ${r.held.processedEvents} / ${r.held.eventsSent} | ${r.noopUpdateMs.p50} / ${r.noopUpdateMs.p99} | ${parts.map((p) => r.idle[p]?.cpuPercent).join(', ')} | ${parts.map((p) => r.idle[p]?.rssMiB).join(', ')} | ${r.storageBytesPerCustomer.temporal} | ${r.storageBytesPerCustomer.mongo} | ${r.history.eventsPerCustomer} / ${r.history.bytesPerCustomer} |`,
    );
  }
  if (results.length > 1) {
    const first = results[0];
    const last = results[results.length - 1];
    console.log(
      `\ndecision p99 at ${last.customers} ÷ at ${first.customers}: ${(last.decisionMs.p99 / first.decisionMs.p99).toFixed(2)} (goal ≤ 2), settled ${(last.decisionSettledMs.p99 / first.decisionSettledMs.p99).toFixed(2)}; no-op Update p99 ratio ${(last.noopUpdateMs.p99 / first.noopUpdateMs.p99).toFixed(2)}`,
    );
  }
  const out = path.join(
    PROJECT_ROOT,
    '.data',
    'scale',
    `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, argv: process.argv.slice(2), results }, null, 2)}\n`,
  );
  console.log(`result: ${out}`);
}

function bytesOf(dir: string, pattern: string): number {
  const out = execFileSync('sh', ['-c', `du -sb ${pattern} | awk '{s+=$1} END {print s+0}'`], { cwd: dir });
  return Number(out.toString().trim());
}

function summary(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 0.5)), p99: Math.round(percentile(sorted, 0.99)) };
}

/**
 * The items `isThere` does not find, LOOKUP_CONCURRENCY at a time; those not found (or whose read failed) are
 * read again after `pauseMs`, for at most `attempts` passes or until `until` (epoch ms).
 */
async function notFound<T>(
  items: T[],
  isThere: (item: T) => Promise<boolean>,
  { pauseMs, attempts = Infinity, until = Infinity }: { pauseMs: number; attempts?: number; until?: number },
): Promise<T[]> {
  let missing = items;
  for (let pass = 0; pass < attempts && missing.length > 0 && Date.now() < until; pass++) {
    if (pass > 0) await sleep(pauseMs);
    const found = await mapWithConcurrency(missing, LOOKUP_CONCURRENCY, isThere);
    missing = missing.filter((_, k) => {
      const result = found[k];
      return !(result.status === 'fulfilled' && result.value);
    });
  }
  return missing;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
