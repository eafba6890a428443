// bench/ingest: events per second through POST /v1/events (single events, and batches of 100) beside raw
// signal-with-start calls from @temporalio/client, against the same Temporal server in the same run.
//   npm run bench:ingest -- [--events 3000] [--rounds 3] [--concurrency 32] [--kind browse|engagement]
//                           [--paths raw,single,batch] [--api-node-flags="--cpu-prof --cpu-prof-dir=.data/prof"]
// `--kind engagement` sends what an email provider's webhook would (opens of messages, the contract's
// `engagement` events) instead of page views: the same paths, with the engagement schema's checks.
// It starts its own Temporal dev server (in memory), FerretDB and API process; no worker runs, so every
// path measures taking events in, not processing them. Rounds interleave the three paths so machine
// noise falls on all of them alike; the figure reported is the median round, and the ratio is against the
// raw baseline of the same run.
// Beside throughput it prints the CPU each process spent per 1,000 events on each path (utime + stime from
// /proc/<pid>/stat before and after every round of the path): less noisy than events/s on a shared machine,
// and it says where a path's cost is — Temporal, FerretDB, the API, or the load generator itself.
import { Client, Connection } from '@temporalio/client';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CustomerEvent } from '../domain/events/customerEvent';
import { freePort, startService, waitForPort } from '../dev/childProcess';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { PROJECT_ROOT } from '../dev/tools';
import { startThrowawayServers } from '../dev/throwawayServers';
import type { customerWorkflow } from '../workflows/customer/customerWorkflow';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerWorkflowId,
  ingestEventsSignal,
} from '../workflows/customer/messages';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';
import { assertAll, median } from './stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    customers: { type: 'string', default: '1000' },
    kind: { type: 'string', default: 'browse' },
    paths: { type: 'string', default: 'raw,single,batch' },
    'api-node-flags': { type: 'string', default: '' },
  },
});
if (values.kind !== 'browse' && values.kind !== 'engagement')
  throw new Error('--kind is browse or engagement');
const KIND = values.kind;
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const CUSTOMERS = Number(values.customers);
const BATCH = 100;
const TASK_QUEUE = 'bench-ingest';

type Path = 'raw signal-with-start' | 'API single events' | 'API batches of 100';
const PATH_NAMES: Record<string, Path> = {
  raw: 'raw signal-with-start',
  single: 'API single events',
  batch: 'API batches of 100',
};
const SELECTED = values.paths.split(',').map((name) => {
  const path = PATH_NAMES[name.trim()];
  if (!path) throw new Error(`--paths takes raw, single and batch; not ${name}`);
  return path;
});
const API_NODE_FLAGS = values['api-node-flags'].split(/\s+/).filter(Boolean);

/** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process, all its threads, in ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** This process's children, by name: the Temporal dev server, FerretDB and the API. */
function childProcesses(): { pid: number; name: string }[] {
  const children: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) children.push({ pid: Number(entry), name });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return children;
}

async function main(): Promise<void> {
  const servers = await startThrowawayServers('bench', { searchAttributes: customerSearchAttributeKeys });
  const { scratch } = servers;
  const apiPort = await freePort();
  const apiKey = 'bench-key';
  const api = startService('api', process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'api/main.ts'], {
    cwd: PROJECT_ROOT,
    logFile: path.join(scratch, 'api.log'),
    env: {
      ...process.env,
      PORT: String(apiPort),
      TUTTI_API_KEY: apiKey,
      TUTTI_DATA_DIR: scratch,
      TEMPORAL_ADDRESS: servers.temporalAddress,
      MONGODB_URI: `${servers.mongoUri}bench`,
      TUTTI_TASK_QUEUE: TASK_QUEUE,
      TUTTI_LOG_LEVEL: 'warn',
    },
  });
  await waitForPort('127.0.0.1', apiPort, 60_000, api);
  const processes = [
    ...childProcesses()
      // tsx's esbuild service idles once the API has started.
      .filter(({ name }) => name !== 'esbuild')
      .map(({ pid, name }) => ({ pid, name: pid === api.process.pid ? 'api' : name.replace(/^tutti-/, '') })),
    { pid: process.pid, name: 'bench' },
  ];
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const client = new Client({ connection });
  const base = `http://127.0.0.1:${apiPort}`;
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

  let seq = 0;
  const makeEvents = (n: number): CustomerEvent[] => {
    const now = new Date().toISOString();
    return Array.from({ length: n }, () => {
      const i = seq++;
      return {
        id: `e${i}`,
        customerId: `c${i % CUSTOMERS}`,
        ...(KIND === 'engagement'
          ? {
              type: 'engagement' as const,
              channel: 'email' as const,
              properties: {
                messageId: `m${i % (CUSTOMERS * 3)}`,
                action: i % 2 === 0 ? 'delivered' : 'opened',
              },
            }
          : { type: 'browse' as const, channel: 'web' as const, properties: { page: '/p' } }),
        occurredAt: now,
        receivedAt: now,
      };
    });
  };
  const post = async (body: unknown) => {
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status !== 202) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  const allPaths: Record<Path, () => Promise<number>> = {
    'raw signal-with-start': async () => {
      const events = makeEvents(EVENTS);
      const t = performance.now();
      const results = await mapWithConcurrency(events, CONCURRENCY, (e) =>
        client.workflow.signalWithStart<typeof customerWorkflow, [CustomerEvent[]]>(CUSTOMER_WORKFLOW_TYPE, {
          workflowId: customerWorkflowId('raw', e.customerId),
          taskQueue: TASK_QUEUE,
          args: [{ workspace: 'raw', customerId: e.customerId }],
          signal: ingestEventsSignal,
          signalArgs: [[e]],
        }),
      );
      assertAll(results);
      return EVENTS / ((performance.now() - t) / 1000);
    },
    'API single events': async () => {
      const events = makeEvents(EVENTS).map(({ receivedAt: _r, ...e }) => e);
      const t = performance.now();
      assertAll(await mapWithConcurrency(events, CONCURRENCY, post));
      return EVENTS / ((performance.now() - t) / 1000);
    },
    'API batches of 100': async () => {
      const events = makeEvents(EVENTS).map(({ receivedAt: _r, ...e }) => e);
      const batches = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) =>
        events.slice(i * BATCH, (i + 1) * BATCH),
      );
      const t = performance.now();
      // Each batch fans out to 100 customers inside the API: a few batches in flight keep it as busy as
      // CONCURRENCY single requests.
      assertAll(
        await mapWithConcurrency(batches, Math.max(1, Math.round(CONCURRENCY / 16)), (events) =>
          post({ events }),
        ),
      );
      return EVENTS / ((performance.now() - t) / 1000);
    },
  };

  const paths = SELECTED.map((name) => [name, allPaths[name]] as const);

  try {
    // Warm-up: connections, JIT, first workflow starts.
    for (const [, run] of paths) await run();
    const rates = new Map<Path, number[]>(paths.map(([name]) => [name, []]));
    // Ticks per process over every measured round of a path.
    const ticks = new Map<Path, number[]>(paths.map(([name]) => [name, processes.map(() => 0)]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of paths) {
        const before = processes.map((p) => cpuTicks(p.pid));
        rates.get(name)!.push(await run());
        const spent = ticks.get(name)!;
        processes.forEach((p, i) => (spent[i] += cpuTicks(p.pid) - before[i]));
        console.error(`round ${round + 1} ${name}: ${rates.get(name)!.at(-1)?.toFixed(0)} events/s`);
      }
    }
    const raw = rates.has('raw signal-with-start') ? median(rates.get('raw signal-with-start')!) : NaN;
    console.log(
      `\n${EVENTS} ${KIND} events per path per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${CUSTOMERS} customers, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}\n`,
    );
    console.log('| path | events/s (median) | rounds | × raw |');
    console.log('|---|---:|---|---:|');
    for (const [name, list] of rates) {
      console.log(
        `| ${name} | ${median(list).toFixed(0)} | ${list.map((r) => r.toFixed(0)).join(', ')} | ${(median(list) / raw).toFixed(2)} |`,
      );
    }
    console.log('\nCPU seconds per 1,000 events, by process (all measured rounds):\n');
    console.log(`| path | ${processes.map((p) => p.name).join(' | ')} | total |`);
    console.log(`|---|${processes.map(() => '---:|').join('')}---:|`);
    const perThousand = (t: number) => (t / TICKS_PER_SECOND / ((EVENTS * ROUNDS) / 1000)).toFixed(2);
    for (const [name, spent] of ticks) {
      const total = spent.reduce((a, b) => a + b, 0);
      console.log(`| ${name} | ${spent.map(perThousand).join(' | ')} | ${perThousand(total)} |`);
    }
  } catch (error) {
    console.error(
      `API log tail:\n${readFileSync(path.join(scratch, 'api.log'), 'utf8').split('\n').slice(-15).join('\n')}`,
    );
    throw error;
  } finally {
    await connection.close();
    await api.stop();
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
