// bench/cost-model: what one customer, one event and one decision cost the servers, counted rather than timed
// (docs/SCALING.md projects these counts to millions of customers).
//   npm run bench:cost-model -- [--customers 200] [--concurrency 4]
// One in-process stack (Temporal in memory with its Prometheus metrics, FerretDB, one worker, the API). Three
// phases, each for every customer, each followed by a wait until the servers are quiet:
//   new customer  an identify and a message (one in twenty complains and starts a service recovery journey)
//   event         one more message from a known customer
//   decision      a transactional email through POST /v1/customers/{id}/contact-requests
// For each phase: Temporal persistence requests and state transitions (from the server's own metrics), history
// events, workflow tasks and activities (from the histories, journeys included), MongoDB commands and documents
// written (the driver's command events, worker and API together), and CPU seconds of each process.
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { CommandStartedEvent } from 'mongodb';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { temporal } from '@temporalio/proto';
import { startInProcessStack } from './inProcessStack';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { customerWorkflowId } from '../workflows/customer/messages';
import { processCpuSeconds } from './processStats';
import { newCustomerEvents } from './scale/newCustomer';
import { assertAll } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    'idle-seconds': { type: 'string', default: '30' },
    /** Writes a CPU profile of this process's main thread (activities, the SDK's bridge, the API) while idle. */
    'idle-profile': { type: 'string' },
  },
});
const CUSTOMERS = Number(values.customers);
const CONCURRENCY = Number(values.concurrency);
const IDLE_SECONDS = Number(values['idle-seconds']);
const QUIET_MS = 4_000;
const EventType = temporal.api.enums.v1.EventType;

/** Everything counted at one moment; a phase's cost is the difference of two. */
interface Counts {
  persistence: Record<string, number>;
  /** Temporal's `action` metric by type: the unit Temporal Cloud bills. */
  actions: Record<string, number>;
  historyEvents: number;
  historyBytes: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  mongo: Record<string, number>;
  mongoDocumentsWritten: number;
  /** What MongoDB reports the database holds (dbStats' dataSize + indexSize). */
  mongoBytes: number;
  cpu: Record<string, number>;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startInProcessStack({
    name: 'bench-cost',
    taskQueue: 'bench-cost',
    temporalMetrics: true,
    monitorCommands: true,
  });
  const mongo: Record<string, number> = {};
  let mongoDocumentsWritten = 0;
  stack.storage.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => {
    const collection = (event.command as Record<string, unknown>)[event.commandName];
    const key = typeof collection === 'string' ? `${event.commandName} ${collection}` : event.commandName;
    mongo[key] = (mongo[key] ?? 0) + 1;
    mongoDocumentsWritten += writtenBy(event);
  });

  const call = async (method: string, route: string, body: unknown) => {
    const res = await fetch(`${stack.baseUrl}${route}`, {
      method,
      headers: stack.headers,
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  };
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => i);
  const batches = chunk(customers, 50);

  const databaseBytes = async () => {
    const stats = await stack.storage.connection.db!.stats();
    return Number(stats.dataSize ?? 0) + Number(stats.indexSize ?? 0);
  };
  // Reading the histories is itself persistence requests: they are kept out of the phases.
  const readingOverhead: Record<string, number> = {};
  const cpuNow = () => {
    const self = process.cpuUsage();
    return {
      temporal: processCpuSeconds(stack.servers.pids.temporal!) ?? 0,
      ferretdb: processCpuSeconds(stack.servers.pids.ferretdb!) ?? 0,
      'worker + API + client': (self.user + self.system) / 1e6,
    };
  };
  // CPU is read before the histories are, and again before the next phase starts: reading is not a phase's work.
  const count = async (): Promise<Counts> => {
    const cpu = cpuNow();
    const metrics = await readMetrics(stack.servers.temporalMetricsUrl!);
    const history = await countHistories(stack.client, CUSTOMERS);
    const afterReading = await readMetrics(stack.servers.temporalMetricsUrl!);
    for (const [operation, n] of Object.entries(afterReading.persistence))
      readingOverhead[operation] =
        (readingOverhead[operation] ?? 0) + n - (metrics.persistence[operation] ?? 0);
    return {
      ...metrics,
      persistence: Object.fromEntries(
        Object.entries(afterReading.persistence).map(([k, n]) => [k, n - (readingOverhead[k] ?? 0)]),
      ),
      ...history,
      mongo: { ...mongo },
      mongoDocumentsWritten,
      mongoBytes: await databaseBytes(),
      cpu,
    };
  };
  // Quiet: the server's persistence requests did not move for QUIET_MS (journeys' timers are hours away).
  const settle = async () => {
    let last = -1;
    let quietSince = Date.now();
    for (;;) {
      const now = sum((await readMetrics(stack.servers.temporalMetricsUrl!)).persistence);
      if (now !== last) {
        last = now;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= QUIET_MS) return;
      await sleep(500);
    }
  };

  const phases: { name: string; unit: string; run: () => Promise<void> }[] = [
    {
      name: 'new customer',
      unit: 'customer',
      run: async () =>
        assertAll(
          await mapWithConcurrency(batches, CONCURRENCY, (ids) =>
            call('POST', '/v1/events', { events: ids.flatMap(newCustomerEvents) }),
          ),
        ),
    },
    {
      name: 'event',
      unit: 'event',
      run: async () =>
        assertAll(
          await mapWithConcurrency(batches, CONCURRENCY, (ids) =>
            call('POST', '/v1/events', {
              events: ids.map((i) => ({
                id: `c-${i}-second`,
                customerId: `c-${i}`,
                type: 'message',
                channel: 'chat',
                text: 'Can I change the delivery address of my order?',
              })),
            }),
          ),
        ),
    },
    {
      name: 'decision',
      unit: 'decision',
      run: async () =>
        assertAll(
          await mapWithConcurrency(customers, CONCURRENCY, (i) =>
            call('POST', `/v1/customers/c-${i}/contact-requests`, {
              id: `receipt-${i}`,
              channel: 'email',
              category: 'transactional',
              content: { subject: 'Your receipt' },
            }),
          ),
        ),
    },
  ];

  const rows: { name: string; unit: string; cost: Counts }[] = [];
  let idle: Record<string, number> | undefined;
  try {
    await settle();
    let before = await count();
    for (const phase of phases) {
      console.log(`${phase.name}: ${CUSTOMERS} …`);
      before.cpu = cpuNow();
      await phase.run();
      await settle();
      const after = await count();
      rows.push({ name: phase.name, unit: phase.unit, cost: perUnit(after, before, CUSTOMERS) });
      before = after;
    }
    idle = await measureIdle(cpuNow);
  } finally {
    await stack.stop();
  }
  print(rows);
  if (idle)
    console.log(
      `\nidle for ${IDLE_SECONDS} s after the last phase, CPU %: ${Object.entries(idle)
        .map(([p, seconds]) => `${p} ${((seconds / IDLE_SECONDS) * 100).toFixed(1)}`)
        .join(', ')}`,
    );
}

/** CPU seconds of each process over IDLE_SECONDS with nothing arriving; optionally profiled. */
async function measureIdle(cpuNow: () => Record<string, number>): Promise<Record<string, number>> {
  const session = values['idle-profile'] ? new Session() : undefined;
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session!.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const before = cpuNow();
  await sleep(IDLE_SECONDS * 1000);
  const after = cpuNow();
  if (session) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(values['idle-profile']!, JSON.stringify(profile));
    session.disconnect();
  }
  return Object.fromEntries(Object.keys(after).map((p) => [p, after[p] - before[p]]));
}

/** Documents a command writes: inserted documents, update and delete statements. */
function writtenBy(event: CommandStartedEvent): number {
  const command = event.command as Record<string, unknown>;
  for (const key of ['documents', 'updates', 'deletes'] as const) {
    const statements = command[key];
    if (Array.isArray(statements)) return statements.length;
  }
  if (event.commandName === 'findAndModify') return 1;
  return 0;
}

async function readMetrics(url: string): Promise<Pick<Counts, 'persistence' | 'actions'>> {
  const text = await (await fetch(url)).text();
  const persistence: Record<string, number> = {};
  const actions: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.includes('namespace="default"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('persistence_requests{')) {
      const operation = /operation="([^"]+)"/.exec(line)?.[1] ?? '?';
      persistence[operation] = (persistence[operation] ?? 0) + value;
    } else if (line.startsWith('action{')) {
      const type = /action_type="([^"]+)"/.exec(line)?.[1] ?? '?';
      actions[type] = (actions[type] ?? 0) + value;
    }
  }
  return { persistence, actions };
}

/** Every customer's history, and the journeys it started (child workflows), counted by what Temporal did. */
async function countHistories(
  client: Awaited<ReturnType<typeof startInProcessStack>>['client'],
  customers: number,
): Promise<
  Pick<Counts, 'historyEvents' | 'historyBytes' | 'workflowTasks' | 'activities' | 'localActivities'>
> {
  const totals = { historyEvents: 0, historyBytes: 0, workflowTasks: 0, activities: 0, localActivities: 0 };
  const add = (history: temporal.api.history.v1.IHistory) => {
    totals.historyEvents += history.events?.length ?? 0;
    totals.historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
    const children: string[] = [];
    for (const event of history.events ?? []) {
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) totals.workflowTasks++;
      else if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) totals.activities++;
      else if (
        event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
        event.markerRecordedEventAttributes?.markerName === 'core_local_activity'
      )
        totals.localActivities++;
      else if (event.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
        const id = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (id) children.push(id);
      }
    }
    return children;
  };
  await mapWithConcurrency(
    Array.from({ length: customers }, (_, i) => i),
    8,
    async (i) => {
      const history = await client.workflow
        .getHandle(customerWorkflowId('default', `c-${i}`))
        .fetchHistory()
        .catch(() => undefined);
      if (!history) return;
      for (const child of add(history)) add(await client.workflow.getHandle(child).fetchHistory());
    },
  );
  return totals;
}

function perUnit(after: Counts, before: Counts, units: number): Counts {
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.keys(a)
        .map((k) => [k, (a[k] - (b[k] ?? 0)) / units] as const)
        .filter(([, v]) => v > 0),
    );
  const scalar = (k: keyof Counts) => ((after[k] as number) - (before[k] as number)) / units;
  return {
    persistence: diff(after.persistence, before.persistence),
    actions: diff(after.actions, before.actions),
    historyEvents: scalar('historyEvents'),
    historyBytes: scalar('historyBytes'),
    workflowTasks: scalar('workflowTasks'),
    activities: scalar('activities'),
    localActivities: scalar('localActivities'),
    mongo: diff(after.mongo, before.mongo),
    mongoDocumentsWritten: scalar('mongoDocumentsWritten'),
    mongoBytes: scalar('mongoBytes'),
    cpu: diff(after.cpu, before.cpu),
  };
}

function print(rows: { name: string; unit: string; cost: Counts }[]): void {
  const f = (n: number | undefined) => (n === undefined ? '0' : n >= 10 ? n.toFixed(0) : n.toFixed(1));
  console.log(`\n${CUSTOMERS} customers; every figure is per unit of its phase\n`);
  console.log(
    '| phase (per …) | history events | history bytes | workflow tasks | activities | local activities | Temporal actions | workflow writes | Temporal persistence requests | MongoDB commands | MongoDB documents written | MongoDB bytes added | CPU ms: temporal, ferretdb, worker + API + client |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const { name, unit, cost } of rows) {
    console.log(
      `| ${name} (${unit}) | ${f(cost.historyEvents)} | ${f(cost.historyBytes)} | ${f(cost.workflowTasks)} | ${f(cost.activities)} | ${f(cost.localActivities)} | ${f(sum(cost.actions))} | ${f(workflowWrites(cost.persistence))} | ${f(sum(cost.persistence))} | ${f(sum(cost.mongo))} | ${f(cost.mongoDocumentsWritten)} | ${f(cost.mongoBytes)} | ${['temporal', 'ferretdb', 'worker + API + client'].map((p) => f((cost.cpu[p] ?? 0) * 1000)).join(', ')} |`,
    );
  }
  for (const { name, cost } of rows) {
    const top = (r: Record<string, number>) =>
      Object.entries(r)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, v]) => `${k} ${f(v)}`)
        .join(', ');
    console.log(`\n${name}: Temporal persistence: ${top(cost.persistence)}`);
    console.log(`${name}: Temporal actions: ${top(cost.actions)}`);
    console.log(`${name}: MongoDB commands: ${top(cost.mongo)}`);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, k) =>
    items.slice(k * size, (k + 1) * size),
  );
}

/** Writes of a workflow's mutable state: each is one transaction of the history service (a "state transition"). */
function workflowWrites(persistence: Record<string, number>): number {
  return (persistence.CreateWorkflowExecution ?? 0) + (persistence.UpdateWorkflowExecution ?? 0);
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
