import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import http from 'node:http';
import { findProbeDocument } from '../platform/mongoProbe';
import type { LivenessProbe } from './supervisor';
import { InconclusiveProbe } from './supervisor';
import { POLLER_FRESH_MS, stalePollerKinds, taskQueuePollers } from '../platform/taskQueuePollers';

/**
 * The connections the probes ask through, opened on first use and kept (both drivers reconnect by
 * themselves after a server restart), so a probe costs one request, not a connection.
 */
export class ProbeConnections {
  private temporal?: Promise<Connection>;
  private mongo?: Promise<mongoose.Connection>;

  constructor(private readonly targets: { temporalAddress: string; namespace: string; mongoUri?: string }) {}

  get namespace(): string {
    return this.targets.namespace;
  }

  temporalConnection(): Promise<Connection> {
    this.temporal ??= Connection.connect({ address: this.targets.temporalAddress }).catch(
      (error: unknown) => {
        this.temporal = undefined;
        throw error;
      },
    );
    return this.temporal;
  }

  mongoConnection(): Promise<mongoose.Connection> {
    const uri = this.targets.mongoUri;
    if (!uri) return Promise.reject(new Error('no MongoDB URI to probe'));
    this.mongo ??= mongoose
      .createConnection(uri, {
        serverSelectionTimeoutMS: 2_000,
        // A safety net under maxTimeMS: a socket that answers nothing for this long is dropped.
        socketTimeoutMS: 10_000,
        maxPoolSize: 4,
        retryWrites: false,
      })
      .asPromise()
      .catch((error: unknown) => {
        this.mongo = undefined;
        throw error;
      });
    return this.mongo;
  }

  async close(): Promise<void> {
    const [temporal, mongo] = await Promise.all([
      this.temporal?.catch(() => undefined),
      this.mongo?.catch(() => undefined),
    ]);
    await Promise.all([temporal?.close(), mongo?.close()]);
  }
}

// Timings: a wedge is for ever, an overload is not. A process that is merely swamped (the API with
// thousands of requests in flight on two busy cores answered /healthz in more than 3 s) must not be killed:
// that drops every request in flight and the clients' retries bring the load straight back. So each probe
// allows 10 s and three failures in a row, 10 s apart: a wedge is found within a minute.

/** Temporal answers a real call (describeNamespace), not just a TCP connect: a wedged frontend accepts those. */
export function temporalProbe(
  connections: ProbeConnections,
  overrides: Partial<LivenessProbe> = {},
): LivenessProbe {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    intervalMs: 10_000,
    failuresBeforeRestart: 3,
    ...overrides,
    timeoutMs,
    async check() {
      const connection = await connections.temporalConnection();
      await connection.withDeadline(Date.now() + timeoutMs, () =>
        connection.workflowService.describeNamespace({ namespace: connections.namespace }),
      );
    },
  };
}

/**
 * The MongoDB-wire server answers a findOne by `_id` on the application's database. `ping` would not do: a
 * wedged FerretDB answers ping while every query on that database waits for ever (see mongoProbe.ts).
 */
export function mongoProbe(
  connections: ProbeConnections,
  overrides: Partial<LivenessProbe> = {},
): LivenessProbe {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    intervalMs: 10_000,
    failuresBeforeRestart: 3,
    ...overrides,
    timeoutMs,
    async check() {
      const connection = await connections.mongoConnection();
      await findProbeDocument(connection, Math.max(500, timeoutMs - 2_000));
    },
  };
}

/** An HTTP server answers `url` with a 2xx (the API's /healthz: its event loop is alive). */
export function httpProbe(url: string, overrides: Partial<LivenessProbe> = {}): LivenessProbe {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    intervalMs: 10_000,
    failuresBeforeRestart: 3,
    ...overrides,
    timeoutMs,
    check: () => getStatus(url, timeoutMs),
  };
}

/**
 * GET `url` on a connection of its own (not fetch's shared pool, which a busy process — the storm's load
 * generator — may have queued up): resolves on a 2xx, rejects otherwise or after `timeoutMs`.
 */
function getStatus(url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`${url} answered ${status}`));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * The worker process polls its task queue: Temporal has seen a workflow poller and an activity poller with
 * this process's identity (the SDK's default, `<pid>@<host>`) start a poll within POLLER_FRESH_MS. When
 * Temporal itself does not answer the probe cannot tell, and says so rather than blame the worker.
 */
export function workerProbe(
  connections: ProbeConnections,
  taskQueue: string,
  overrides: Partial<LivenessProbe> = {},
): LivenessProbe {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    intervalMs: 15_000,
    failuresBeforeRestart: 3,
    ...overrides,
    timeoutMs,
    async check(service) {
      let pollers: Awaited<ReturnType<typeof taskQueuePollers>>;
      try {
        const connection = await connections.temporalConnection();
        pollers = await connection.withDeadline(Date.now() + timeoutMs, () =>
          taskQueuePollers(connection.workflowService, connections.namespace, taskQueue),
        );
      } catch (error) {
        throw new InconclusiveProbe(`Temporal did not answer: ${(error as Error).message}`);
      }
      const prefix = `${service.process.pid}@`;
      const stale = stalePollerKinds(pollers, POLLER_FRESH_MS, Date.now(), (id) => id.startsWith(prefix));
      if (stale.length > 0) {
        throw new Error(
          `no ${stale.join(' or ')} poll by pid ${service.process.pid} on "${taskQueue}" in the last ${POLLER_FRESH_MS / 1000} s`,
        );
      }
    },
  };
}
