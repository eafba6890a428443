// The storm's own Tutti stack: separate processes, so each can be killed with SIGKILL — a Temporal dev
// server on a SQLite file (so its workflows survive a restart), FerretDB, one or more workers on one task
// queue and one or more API replicas, started and restarted by the same Supervisor and children as
// `npm run dev`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, killLiveChildren } from '../../dev/childProcess';
import { ProbeConnections } from '../../dev/livenessProbes';
import { apiChild, ferretDbChild, temporalChild, workerChild } from '../../dev/stackChildren';
import type { SupervisorEvent } from '../../dev/supervisor';
import { Supervisor } from '../../dev/supervisor';
import { ensureFerretDb, ensureTemporalCli } from '../../dev/tools';
import { processCpuSeconds, processRssMiB, threadCpuSeconds } from '../processStats';
import { writeWorkflowBundle } from '../../workers/workflowBundle';
import { customerSearchAttributeKeys } from '../../workflows/customer/searchAttributes';

export const STACK_PARTS = ['temporal', 'ferretdb', 'worker', 'api'] as const;
export type StackPart = (typeof STACK_PARTS)[number];

export interface StormStack {
  /** The first API replica. */
  baseUrl: string;
  /** Every API replica, the first one first (a load balancer's pool). */
  baseUrls: string[];
  temporalAddress: string;
  mongoUri: string;
  apiKey: string;
  scratch: string;
  /** Every supervisor event, with its time. */
  events: (SupervisorEvent & { at: number })[];
  /** SIGKILL to the part's current process (the supervisor restarts it). */
  kill(part: StackPart): number | undefined;
  /**
   * CPU seconds (user + system) each process has used, by child name ('worker', 'worker-2', …); a restarted
   * process starts again at 0.
   */
  cpuSeconds(): Record<string, number>;
  /** Resident memory of each process now, in MiB, by child name. */
  rssMiB(): Record<string, number>;
  /** CPU seconds of one child's threads, by thread name (processStats.ts, threadCpuSeconds). */
  threadCpuSeconds(child: string): Record<string, number>;
  stop(options?: { keepScratch?: boolean }): Promise<void>;
}

export interface StormStackOptions {
  /** Liveness probes on (the supervisor kills and restarts a wedged child) or off. */
  selfHeal: boolean;
  /** TUTTI_WORKER_MAX_ACTIVITIES for the worker; unset: the default settings. */
  workerMaxActivities?: number;
  /** Worker processes on the one task queue (default 1): 'worker', 'worker-2', … */
  workers?: number;
  /** API replicas, each on its own port (default 1): 'api', 'api-2', … */
  apis?: number;
  /** More environment for the workers and APIs (delivery settings: TUTTI_WEBHOOK_URL, …). */
  env?: NodeJS.ProcessEnv;
  /** Dynamic config of the Temporal server over the embedded defaults (dev/embeddedTemporal.ts). */
  temporalDynamicConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
}

/** Settings a parent environment may carry that would make this stack something other than its defaults. */
const INHERITED_SETTINGS = /^(TUTTI_|TEMPORAL_|MONGODB_URI$|PORT$)/;

export async function startStormStack(options: StormStackOptions): Promise<StormStack> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-storm-'));
  const logs = path.join(scratch, 'logs');
  mkdirSync(logs, { recursive: true });
  const workers = options.workers ?? 1;
  const apis = options.apis ?? 1;
  const [temporalBinary, ferretBinary, temporalPort, mongoPort, apiPorts, workflowBundle] = await Promise.all(
    [
      ensureTemporalCli(),
      ensureFerretDb(),
      freePort(),
      freePort(),
      Promise.all(Array.from({ length: apis }, () => freePort())),
      // As `npm run dev` does: bundled once, so a restarted worker polls again in seconds.
      writeWorkflowBundle(path.join(scratch, 'workflow-bundle.js')),
    ],
  );
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const mongoUri = `mongodb://127.0.0.1:${mongoPort}/tutti`;
  const apiKey = `storm-${randomBytes(12).toString('hex')}`;
  const taskQueue = 'storm';
  const events: StormStack['events'] = [];
  const supervisor = new Supervisor({
    log: (event) => {
      events.push({ ...event, at: Date.now() });
      if (event.kind !== 'started') options.log?.(`[supervisor] ${JSON.stringify(event)}`);
    },
  });
  const probes = new ProbeConnections({ temporalAddress, namespace: 'default', mongoUri });
  // The probes of `npm run dev`, with its timings (a kill is seen at once, by the exit).
  const heal = options.selfHeal ? {} : (false as const);

  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_SETTINGS.test(k))),
    TEMPORAL_ADDRESS: temporalAddress,
    MONGODB_URI: mongoUri,
    TUTTI_API_KEY: apiKey,
    TUTTI_TASK_QUEUE: taskQueue,
    TUTTI_DATA_DIR: scratch,
    TUTTI_WORKFLOW_BUNDLE: workflowBundle,
    ...(options.workerMaxActivities
      ? { TUTTI_WORKER_MAX_ACTIVITIES: String(options.workerMaxActivities) }
      : {}),
    ...options.env,
  };
  try {
    await supervisor.add(
      temporalChild(
        {
          binary: temporalBinary,
          port: temporalPort,
          dbFile: path.join(scratch, 'temporal.sqlite'),
          namespace: 'default',
          searchAttributes: customerSearchAttributeKeys,
          logFile: path.join(logs, 'temporal.log'),
          ...(options.temporalDynamicConfig ? { dynamicConfig: options.temporalDynamicConfig } : {}),
        },
        probes,
        heal,
      ),
    );
    await supervisor.add(
      ferretDbChild(
        {
          binary: ferretBinary,
          port: mongoPort,
          dataDir: path.join(scratch, 'mongo'),
          logFile: path.join(logs, 'ferretdb.log'),
        },
        probes,
        heal,
      ),
    );
    await Promise.all([
      ...Array.from({ length: workers }, (_, i) =>
        supervisor.add(
          workerChild(
            {
              env,
              taskQueue,
              name: childName('worker', i),
              logFile: path.join(logs, `${childName('worker', i)}.log`),
            },
            probes,
            heal,
          ),
        ),
      ),
      ...apiPorts.map((port, i) =>
        supervisor.add(
          apiChild(
            {
              env: { ...env, PORT: String(port) },
              port,
              name: childName('api', i),
              logFile: path.join(logs, `${childName('api', i)}.log`),
            },
            heal,
          ),
        ),
      ),
    ]);
  } catch (error) {
    await supervisor.stop();
    await probes.close();
    throw error;
  }
  const exitHandler = () => {
    supervisor.killNow();
    killLiveChildren();
  };
  process.on('exit', exitHandler);

  const baseUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const children = [
    'temporal',
    'ferretdb',
    ...Array.from({ length: workers }, (_, i) => childName('worker', i)),
    ...Array.from({ length: apis }, (_, i) => childName('api', i)),
  ];
  return {
    baseUrl: baseUrls[0],
    baseUrls,
    temporalAddress,
    mongoUri,
    apiKey,
    scratch,
    events,
    kill(part) {
      const child = supervisor.current(part)?.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
      child.kill('SIGKILL');
      return child.pid;
    },
    cpuSeconds() {
      const used: Record<string, number> = {};
      for (const child of children) {
        const pid = supervisor.current(child)?.process.pid;
        const seconds = pid === undefined ? undefined : processCpuSeconds(pid);
        if (seconds !== undefined) used[child] = seconds;
      }
      return used;
    },
    rssMiB() {
      const rss: Record<string, number> = {};
      for (const child of children) {
        const pid = supervisor.current(child)?.process.pid;
        const mib = pid === undefined ? undefined : processRssMiB(pid);
        if (mib !== undefined) rss[child] = mib;
      }
      return rss;
    },
    threadCpuSeconds(child) {
      const pid = supervisor.current(child)?.process.pid;
      return pid === undefined ? {} : threadCpuSeconds(pid);
    },
    async stop({ keepScratch = false } = {}) {
      await supervisor.stop();
      await probes.close();
      process.off('exit', exitHandler);
      if (!keepScratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The first of a kind keeps the plain name ('worker'), so faults and logs read as with one. */
function childName(kind: 'worker' | 'api', index: number): string {
  return index === 0 ? kind : `${kind}-${index + 1}`;
}
