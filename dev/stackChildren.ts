import path from 'node:path';
import type { Service } from './childProcess';
import { startService, waitForPort } from './childProcess';
import { startEmbeddedMongo } from './embeddedMongo';
import type { EmbeddedMongoOptions } from './embeddedMongo';
import { startEmbeddedTemporal } from './embeddedTemporal';
import type { EmbeddedTemporalOptions } from './embeddedTemporal';
import type { ProbeConnections } from './livenessProbes';
import { httpProbe, mongoProbe, temporalProbe, workerProbe } from './livenessProbes';
import type { LivenessProbe, SupervisedChild } from './supervisor';
import { PROJECT_ROOT } from './tools';

// The four processes of a Tutti stack, as children a Supervisor can start, watch and restart: `npm run dev`
// and the storm benchmark run the same ones. Each comes with the liveness probe that sees its own kind of
// wedge; `probe` overrides its timings (or `false`: no probe).

type ProbeOverride = Partial<LivenessProbe> | false;

export function temporalChild(
  options: EmbeddedTemporalOptions,
  probes: ProbeConnections,
  probe: ProbeOverride = {},
): SupervisedChild {
  return {
    name: 'temporal',
    logFile: options.logFile,
    start: () => startEmbeddedTemporal({ ownProcessGroup: true, ...options }),
    ...(probe === false ? {} : { liveness: temporalProbe(probes, probe) }),
  };
}

export function ferretDbChild(
  options: EmbeddedMongoOptions,
  probes: ProbeConnections,
  probe: ProbeOverride = {},
): SupervisedChild {
  return {
    name: 'ferretdb',
    logFile: options.logFile,
    start: () => startEmbeddedMongo({ ownProcessGroup: true, ...options }),
    ...(probe === false ? {} : { liveness: mongoProbe(probes, probe) }),
  };
}

export interface NodeChildOptions {
  /** The environment of the process: TEMPORAL_ADDRESS, MONGODB_URI, TUTTI_API_KEY, TUTTI_TASK_QUEUE, … */
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** The child's name when a stack runs several of a kind ('worker-2'); default: its kind. */
  name?: string;
}

/** node with tsx as a loader, not the tsx CLI (which would put a second process between us and the child). */
function startNode(name: string, script: string, options: NodeChildOptions): Service {
  return startService(name, process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script)], {
    cwd: PROJECT_ROOT,
    env: options.env,
    logFile: options.logFile,
    ownProcessGroup: true,
  });
}

async function readyOrStopped(service: Service, ready: Promise<void>): Promise<Service> {
  try {
    await ready;
    return service;
  } catch (error) {
    await service.stop(2_000);
    throw error;
  }
}

export function workerChild(
  options: NodeChildOptions & { taskQueue: string },
  probes: ProbeConnections,
  probe: ProbeOverride = {},
): SupervisedChild {
  const name = options.name ?? 'worker';
  return {
    name,
    logFile: options.logFile,
    start: () => {
      const service = startNode(name, 'workers/main.ts', options);
      // Without TUTTI_WORKFLOW_BUNDLE the worker bundles the workflow code first (ten seconds or more);
      // "started" means it polls.
      return readyOrStopped(service, service.waitForOutput('worker started', 180_000));
    },
    ...(probe === false
      ? {}
      : { liveness: workerProbe(probes, options.taskQueue, { initialDelayMs: 30_000, ...probe }) }),
  };
}

export function apiChild(
  options: NodeChildOptions & { port: number },
  probe: ProbeOverride = {},
): SupervisedChild {
  const name = options.name ?? 'api';
  return {
    name,
    logFile: options.logFile,
    start: () => {
      const service = startNode(name, 'api/main.ts', options);
      return readyOrStopped(service, waitForPort('127.0.0.1', options.port, 120_000, service));
    },
    ...(probe === false ? {} : { liveness: httpProbe(`http://127.0.0.1:${options.port}/healthz`, probe) }),
  };
}
