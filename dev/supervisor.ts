import type { Service } from './childProcess';

/**
 * How a supervisor tells a live child from a wedged one: a process can be running and useless (FerretDB
 * with every pooled connection parked answers nothing, yet never exits). `check` resolves when the child
 * does its job; it fails by rejecting or by not answering within `timeoutMs`.
 */
export interface LivenessProbe {
  check(service: Service): Promise<void>;
  /** Between two checks; default 5 s. */
  intervalMs?: number;
  /** A check that takes longer has failed; default 3 s. */
  timeoutMs?: number;
  /** Consecutive failures before the child is killed and restarted; default 3. */
  failuresBeforeRestart?: number;
  /** Before the first check after a (re)start, so a child is not judged while it warms up; default the interval. */
  initialDelayMs?: number;
}

/**
 * Thrown by a check that cannot tell (what it asks through is itself down, e.g. Temporal while judging a
 * worker's pollers): it neither counts as a failure nor resets the count.
 */
export class InconclusiveProbe extends Error {}

export interface SupervisedChild {
  name: string;
  /** Starts the child and resolves once it is ready to serve; rejects (having stopped it) if it is not. */
  start(): Promise<Service>;
  /** Where the child's output goes, named in every log line about it. */
  logFile: string;
  liveness?: LivenessProbe;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface SupervisorOptions {
  backoff?: Partial<BackoffOptions>;
  /** A child that stayed up this long starts again from the first backoff step; default 60 s. */
  stableAfterMs?: number;
  /** How long a child killed for failing its probe gets after SIGTERM before SIGKILL; default 5 s. */
  killGraceMs?: number;
  log?: (event: SupervisorEvent) => void;
}

export type SupervisorEvent =
  | { kind: 'started'; child: string; pid?: number; attempt: number }
  | {
      kind: 'exited';
      child: string;
      pid?: number;
      code: number | null;
      signal: string | null;
      /** `unresponsive`: the supervisor killed it after failed probes; `exited`: it went by itself. */
      cause: 'exited' | 'unresponsive';
      attempt: number;
      restartInMs: number;
      logFile: string;
    }
  | {
      kind: 'start_failed';
      child: string;
      error: string;
      attempt: number;
      restartInMs: number;
      logFile: string;
    }
  | { kind: 'probe_failed'; child: string; failures: number; of: number; error: string }
  | { kind: 'unresponsive'; child: string; failures: number; logFile: string };

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

/** The wait before restart number `attempt` (1-based): initial × factor^(attempt − 1), at most max. */
export function backoffDelay(attempt: number, backoff: BackoffOptions): number {
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1)));
}

/** One line for a terminal or a log. */
export function describeSupervisorEvent(event: SupervisorEvent): string {
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  switch (event.kind) {
    case 'started':
      return `${event.child} started (pid ${event.pid ?? '?'})${event.attempt > 0 ? `, restart ${event.attempt}` : ''}`;
    case 'exited':
      return `${event.child} ${event.cause === 'unresponsive' ? 'was killed after failing its liveness probe' : 'exited unexpectedly'} (code ${event.code ?? '-'}, signal ${event.signal ?? '-'}); restart ${event.attempt} in ${secs(event.restartInMs)}; log: ${event.logFile}`;
    case 'start_failed':
      return `${event.child} failed to start (${event.error}); restart ${event.attempt} in ${secs(event.restartInMs)}; log: ${event.logFile}`;
    case 'probe_failed':
      return `${event.child} liveness probe failed (${event.failures}/${event.of}): ${event.error}`;
    case 'unresponsive':
      return `${event.child} is unresponsive after ${event.failures} failed probes: killing it; log: ${event.logFile}`;
  }
}

interface Supervised {
  child: SupervisedChild;
  service?: Service;
  startedAt: number;
  /** Restarts since the child was last stable. */
  attempt: number;
  restarts: number;
  failures: number;
  killedAsUnresponsive: boolean;
  timer?: NodeJS.Timeout;
  probeTimer?: NodeJS.Timeout;
  launching?: Promise<unknown>;
}

/**
 * Keeps children running: one that exits unexpectedly is restarted with exponential backoff, one that fails
 * its liveness probe N times in a row is killed and restarted, and every such event is logged with the
 * child's name, exit code, attempt and log file. `stop()` stops them in the reverse of the order they were
 * added (API and worker before the servers they use) and restarts nothing after.
 */
export class Supervisor {
  private readonly children: Supervised[] = [];
  private readonly backoff: BackoffOptions;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Starts `child` and keeps it running. A failed first start rejects: nothing to supervise yet. */
  async add(child: SupervisedChild): Promise<Service> {
    if (this.children.some((c) => c.child.name === child.name)) {
      throw new Error(`A child named ${child.name} is already supervised`);
    }
    const entry: Supervised = {
      child,
      startedAt: 0,
      attempt: 0,
      restarts: 0,
      failures: 0,
      killedAsUnresponsive: false,
    };
    this.children.push(entry);
    const launch = this.launch(entry);
    entry.launching = launch;
    try {
      return await launch;
    } catch (error) {
      this.children.splice(this.children.indexOf(entry), 1);
      throw error;
    } finally {
      entry.launching = undefined;
    }
  }

  /** The child's process now (a restart replaces it). */
  current(name: string): Service | undefined {
    return this.children.find((c) => c.child.name === name)?.service;
  }

  /** How many times the child has been restarted since it was added. */
  restartCount(name: string): number {
    return this.children.find((c) => c.child.name === name)?.restarts ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const entry of this.children) {
      clearTimeout(entry.timer);
      clearTimeout(entry.probeTimer);
    }
    for (const entry of [...this.children].reverse()) {
      await entry.launching?.catch(() => undefined);
      await entry.service?.stop();
    }
  }

  /**
   * SIGKILL to every child at once, synchronously: for a parent that is exiting without `stop()` (its
   * children may be in process groups of their own, which nothing else would stop).
   */
  killNow(): void {
    this.stopping = true;
    for (const entry of this.children) {
      clearTimeout(entry.timer);
      clearTimeout(entry.probeTimer);
      const child = entry.service?.process;
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  private async launch(entry: Supervised): Promise<Service> {
    const service = await entry.child.start();
    if (this.stopping) {
      await service.stop();
      return service;
    }
    entry.service = service;
    entry.startedAt = Date.now();
    entry.failures = 0;
    entry.killedAsUnresponsive = false;
    this.emit({ kind: 'started', child: entry.child.name, pid: service.process.pid, attempt: entry.attempt });
    void service.exited.then((code) => this.onExit(entry, service, code));
    this.scheduleProbe(entry, service, entry.child.liveness?.initialDelayMs);
    return service;
  }

  private onExit(entry: Supervised, service: Service, code: number | null): void {
    if (this.stopping || entry.service !== service) return;
    clearTimeout(entry.probeTimer);
    const stableAfterMs = this.options.stableAfterMs ?? 60_000;
    if (Date.now() - entry.startedAt >= stableAfterMs) entry.attempt = 0;
    entry.attempt += 1;
    const restartInMs = backoffDelay(entry.attempt, this.backoff);
    this.emit({
      kind: 'exited',
      child: entry.child.name,
      pid: service.process.pid,
      code,
      signal: service.process.signalCode,
      cause: entry.killedAsUnresponsive ? 'unresponsive' : 'exited',
      attempt: entry.attempt,
      restartInMs,
      logFile: entry.child.logFile,
    });
    this.scheduleRestart(entry, restartInMs);
  }

  private scheduleRestart(entry: Supervised, delayMs: number): void {
    entry.timer = setTimeout(() => {
      if (this.stopping) return;
      entry.restarts += 1;
      const launch = this.launch(entry).catch((error: unknown) => {
        if (this.stopping) return;
        entry.attempt += 1;
        const restartInMs = backoffDelay(entry.attempt, this.backoff);
        this.emit({
          kind: 'start_failed',
          child: entry.child.name,
          error: (error as Error).message,
          attempt: entry.attempt,
          restartInMs,
          logFile: entry.child.logFile,
        });
        this.scheduleRestart(entry, restartInMs);
      });
      entry.launching = launch;
      void launch.finally(() => {
        if (entry.launching === launch) entry.launching = undefined;
      });
    }, delayMs);
  }

  private scheduleProbe(entry: Supervised, service: Service, delayMs?: number): void {
    const probe = entry.child.liveness;
    if (!probe) return;
    const intervalMs = probe.intervalMs ?? 5_000;
    entry.probeTimer = setTimeout(() => void this.probeOnce(entry, service, probe), delayMs ?? intervalMs);
  }

  private async probeOnce(entry: Supervised, service: Service, probe: LivenessProbe): Promise<void> {
    const current = () => !this.stopping && entry.service === service && service.process.exitCode === null;
    if (!current()) return;
    const timeoutMs = probe.timeoutMs ?? 3_000;
    const limit = probe.failuresBeforeRestart ?? 3;
    try {
      await withDeadline(probe.check(service), timeoutMs);
      entry.failures = 0;
    } catch (error) {
      if (!current()) return;
      if (!(error instanceof InconclusiveProbe)) {
        entry.failures += 1;
        this.emit({
          kind: 'probe_failed',
          child: entry.child.name,
          failures: entry.failures,
          of: limit,
          error: (error as Error).message,
        });
        if (entry.failures >= limit) {
          this.emit({
            kind: 'unresponsive',
            child: entry.child.name,
            failures: entry.failures,
            logFile: entry.child.logFile,
          });
          entry.killedAsUnresponsive = true;
          // The exit handler restarts it, with the same backoff as a crash.
          await service.stop(this.options.killGraceMs ?? 5_000);
          return;
        }
      }
    }
    if (current()) this.scheduleProbe(entry, service);
  }

  private emit(event: SupervisorEvent): void {
    this.options.log?.(event);
  }
}

/** `promise`, or a rejection once `ms` have passed without an answer. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
