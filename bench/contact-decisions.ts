// bench/contact-decisions: latency (p50, p99) and decisions per second of the `requestContact` Update on
// existing customer workflows, beside a no-op Update on a trivial workflow, against the same Temporal server
// and the same worker in the same run.
//   npm run bench:contact-decisions -- [--customers 1000] [--calls 2000] [--rounds 3] [--warmup 500]
//                                        [--max-activities N]
//                                      [--concurrency 16] [--no-diagnostic]
// It starts its own Temporal dev server (in memory), FerretDB, and one worker in this process (the real
// activities: policy, decision mirror, outbox delivery). Rounds interleave the paths so machine noise falls
// on all of them alike; each figure is the median across rounds, and the ratios are against the no-op
// Update of the same run. A third, diagnostic path (a no-op Update that only calls the `currentPolicy`
// local activity) shows how much of a decision's cost is that local activity.
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { DefaultLogger, NativeConnection, Runtime, Worker as TemporalWorker } from '@temporalio/worker';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createActivities } from '../activities';
import { loadDeliveryConfig } from '../platform/config';
import type { Category, Channel, ContactAnswer, ContactRequest } from '../domain/contact';
import { CATEGORIES, CHANNELS } from '../domain/contact';
import type { Service } from '../dev/childProcess';
import { freePort } from '../dev/childProcess';
import { startEmbeddedMongo } from '../dev/embeddedMongo';
import { startEmbeddedTemporal } from '../dev/embeddedTemporal';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { ensureFerretDb, ensureTemporalCli } from '../dev/tools';
import type { Storage } from '../storage/connection';
import { openStorage } from '../storage/connection';
import type { customerWorkflow } from '../workflows/customer/customerWorkflow';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerWorkflowId,
  requestContactUpdate,
} from '../workflows/customer/messages';
import type { noopWorkflow, policyNoopWorkflow } from './workflows';
import { noopUpdate, policyNoopUpdate } from './workflows/messages';
import { assertAll, median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    calls: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    'no-diagnostic': { type: 'boolean', default: false },
    // Activities one worker runs at once (the SDK's default is 100): fewer means FerretDB sees less contention.
    'max-activities': { type: 'string' },
  },
});
const CUSTOMERS = Number(values.customers);
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const WARMUP_CALLS = Number(values.warmup);
const CONCURRENCY = Number(values.concurrency);
const DIAGNOSE = !values['no-diagnostic'];
const MAX_ACTIVITIES = values['max-activities'] === undefined ? undefined : Number(values['max-activities']);
const TASK_QUEUE = 'bench-decisions';
const WORKSPACE = 'bench';
const NAMESPACE = 'default';

type PathName = 'no-op Update' | 'requestContact decision' | 'no-op + currentPolicy local activity';

interface RoundResult {
  p50: number;
  p99: number;
  perSecond: number;
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-decisions-'));
  const logs = {
    temporal: path.join(scratch, 'temporal.log'),
    mongo: path.join(scratch, 'mongo.log'),
  };
  const services: Service[] = [];
  let storage: Storage | undefined;
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const [temporalBin, ferretBin] = await Promise.all([ensureTemporalCli(), ensureFerretDb()]);
    const [temporalPort, mongoPort] = await Promise.all([freePort(), freePort()]);
    services.push(
      await startEmbeddedTemporal({
        binary: temporalBin,
        port: temporalPort,
        namespace: NAMESPACE,
        searchAttributes: customerSearchAttributeKeys,
        logFile: logs.temporal,
      }),
    );
    services.push(
      await startEmbeddedMongo({
        binary: ferretBin,
        port: mongoPort,
        dataDir: path.join(scratch, 'mongo'),
        logFile: logs.mongo,
      }),
    );
    const address = `127.0.0.1:${temporalPort}`;
    storage = await openStorage(`mongodb://127.0.0.1:${mongoPort}/bench`);
    connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace: NAMESPACE });

    Runtime.install({ logger: new DefaultLogger('WARN') });
    nativeConnection = await NativeConnection.connect({ address });
    const bundleStarted = performance.now();
    worker = await TemporalWorker.create({
      connection: nativeConnection,
      namespace: NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowsPath: path.resolve(__dirname, 'workflows/index.ts'),
      ...(MAX_ACTIVITIES !== undefined ? { maxConcurrentActivityTaskExecutions: MAX_ACTIVITIES } : {}),
      activities: createActivities({
        models: storage.models,
        delivery: loadDeliveryConfig({}),
        temporal: client,
      }),
    });
    console.error(`worker ready (bundle ${((performance.now() - bundleStarted) / 1000).toFixed(1)} s)`);
    running = worker.run();

    // Warm-up, part 1: every workflow exists before anything is timed.
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => i);
    const started = performance.now();
    assertAll(
      await mapWithConcurrency(ids, 32, (i) =>
        client.workflow.start<typeof customerWorkflow>(CUSTOMER_WORKFLOW_TYPE, {
          workflowId: customerWorkflowId(WORKSPACE, `c${i}`),
          taskQueue: TASK_QUEUE,
          args: [{ workspace: WORKSPACE, customerId: `c${i}` }],
        }),
      ),
    );
    assertAll(
      await mapWithConcurrency(ids, 32, (i) =>
        client.workflow.start<typeof noopWorkflow>('noopWorkflow', {
          workflowId: `noop-${i}`,
          taskQueue: TASK_QUEUE,
        }),
      ),
    );
    if (DIAGNOSE) {
      assertAll(
        await mapWithConcurrency(ids, 32, (i) =>
          client.workflow.start<typeof policyNoopWorkflow>('policyNoopWorkflow', {
            workflowId: `policy-noop-${i}`,
            taskQueue: TASK_QUEUE,
          }),
        ),
      );
    }
    console.error(
      `started ${CUSTOMERS} workflows per path in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    let requestSeq = 0;
    const answers = new Map<string, number>();
    const pick = () => Math.floor(Math.random() * CUSTOMERS);
    const paths: Record<PathName, () => Promise<number>> = {
      'no-op Update': () =>
        client.workflow.getHandle(`noop-${pick()}`).executeUpdate(noopUpdate, { args: [1] }),
      'requestContact decision': async () => {
        const request = realisticRequest(requestSeq++);
        const answer: ContactAnswer = await client.workflow
          .getHandle(customerWorkflowId(WORKSPACE, `c${pick()}`))
          .executeUpdate(requestContactUpdate, { args: [request] });
        const key = `${answer.decision}: ${answer.reason}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
        return 1;
      },
      'no-op + currentPolicy local activity': () =>
        client.workflow
          .getHandle(`policy-noop-${pick()}`)
          .executeUpdate(policyNoopUpdate, { args: [WORKSPACE] }),
    };
    const active = (Object.keys(paths) as PathName[]).filter(
      (name) => DIAGNOSE || name !== 'no-op + currentPolicy local activity',
    );

    // Warm-up, part 2: one untimed round per path (first task on each workflow, JIT, connections).
    for (const name of active) await measure(paths[name], WARMUP_CALLS);
    answers.clear();
    const results = Object.fromEntries(active.map((name) => [name, [] as RoundResult[]])) as Record<
      PathName,
      RoundResult[]
    >;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of active) {
        const result = await measure(paths[name], CALLS);
        results[name].push(result);
        console.error(
          `round ${round + 1} ${name}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.perSecond.toFixed(0)}/s`,
        );
      }
    }

    const summary = (name: PathName) => ({
      p50: median(results[name].map((r) => r.p50)),
      p99: median(results[name].map((r) => r.p99)),
      perSecond: median(results[name].map((r) => r.perSecond)),
    });
    const base = summary('no-op Update');
    console.log(
      `\n${CALLS} calls per path per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${CUSTOMERS} workflows per path, one worker, ${os.cpus().length} cores\n`,
    );
    console.log(
      '| path | p50 ms | p99 ms | calls/s | p99 rounds (ms) | p50 × no-op | p99 × no-op | calls/s × no-op |',
    );
    console.log('|---|---:|---:|---:|---|---:|---:|---:|');
    for (const name of active) {
      const s = summary(name);
      console.log(
        `| ${name} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.perSecond.toFixed(0)} | ${results[name].map((r) => r.p99.toFixed(1)).join(', ')} | ${(s.p50 / base.p50).toFixed(2)} | ${(s.p99 / base.p99).toFixed(2)} | ${(s.perSecond / base.perSecond).toFixed(2)} |`,
      );
    }
    const decisions = summary('requestContact decision');
    console.log(
      `\nGoal: decision p99 ≤ 2× no-op p99: ${decisions.p99 / base.p99 <= 2 ? 'met' : 'missed'} (${(decisions.p99 / base.p99).toFixed(2)}×)`,
    );
    console.log('\nAnswers in the timed rounds:');
    for (const [key, count] of [...answers].sort((a, b) => b[1] - a[1])) console.log(`  ${count}  ${key}`);
  } catch (error) {
    for (const [name, file] of Object.entries(logs)) {
      if (!existsSync(file)) continue;
      console.error(`${name} log tail:\n${readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`);
    }
    throw error;
  } finally {
    if (worker && running) {
      worker.shutdown();
      // Bounded: if a server died first, the worker's shutdown would wait for it forever.
      await Promise.race([
        running.catch((error: unknown) => console.error('worker:', error)),
        new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
      ]);
    }
    await nativeConnection?.close();
    await connection?.close();
    await storage?.close();
    for (const service of services.reverse()) await service.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs `calls` calls at CONCURRENCY in flight and times each one. */
async function measure(call: () => Promise<number>, calls: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const t = performance.now();
  assertAll(
    await mapWithConcurrency(Array.from({ length: calls }), CONCURRENCY, async () => {
      const start = performance.now();
      await call();
      latencies.push(performance.now() - start);
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), perSecond: calls / seconds };
}

// Mixed traffic as journeys and campaigns send it: mostly marketing (so caps, quiet hours and deferrals are
// exercised), some service and transactional messages that must get through, all four channels.
const CATEGORY_WEIGHTS: Record<Category, number> = {
  transactional: 15,
  service: 15,
  promotion: 25,
  newsletter: 15,
  reminder: 15,
  survey: 10,
  advocacy: 5,
};
const CHANNEL_WEIGHTS: Record<Channel, number> = { email: 55, sms: 15, push: 25, webhook: 5 };

function realisticRequest(seq: number): ContactRequest {
  const category = weighted(CATEGORIES, CATEGORY_WEIGHTS);
  const channel = weighted(CHANNELS, CHANNEL_WEIGHTS);
  const priority =
    category === 'transactional'
      ? 90
      : category === 'service'
        ? 70 + Math.floor(Math.random() * 20)
        : 10 + Math.floor(Math.random() * 60);
  return {
    id: `req-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    channel,
    category,
    priority,
    ...(category === 'promotion' || category === 'newsletter' ? { campaign: `spring-${seq % 7}` } : {}),
    content: { template: `${category}-${channel}`, data: { seq } },
  };
}

function weighted<T extends string>(options: readonly T[], weights: Record<T, number>): T {
  const total = options.reduce((sum, o) => sum + weights[o], 0);
  let r = Math.random() * total;
  for (const o of options) {
    r -= weights[o];
    if (r < 0) return o;
  }
  return options[options.length - 1];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
