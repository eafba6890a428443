// The storm: customers arrive at a steady rate and each plays its script through a retrying client, while
// chosen parts of the stack are killed with SIGKILL and restarted; then the stack is left to settle and
// every invariant is checked through the HTTP API. Used by the CLI (bench/storm.ts) and by CI
// (test/integration/storm.test.ts) alike.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { percentile } from '../stats';
import type { FaultResult } from './faults';
import { injectFault } from './faults';
import type { ContactAnswer, CustomerRecord, InvariantReport } from './invariants';
import { checkInvariants, failedInvariants, waitForQuiescence } from './invariants';
import type { RetryPolicy } from './retryingClient';
import { DEFAULT_RETRY_POLICY, RetryingClient } from './retryingClient';
import type { CustomerScript } from './scenario';
import { customerScript } from './scenario';
import type { StackPart, StormStack } from './stormStack';
import { startStormStack } from './stormStack';
import type { WorkSpread } from './workSpread';
import { workSpread } from './workSpread';

export interface StormOptions {
  customers: number;
  /** Customers arriving per second. */
  rate: number;
  /** Parts to kill, in this order, during the arrivals. */
  faults: StackPart[];
  /** When each fault strikes, as a fraction of the arrival period; default: evenly spread. */
  faultPoints?: number[];
  seed?: number;
  /** Liveness probes: the supervisor kills and restarts a wedged child (default on). */
  selfHeal?: boolean;
  workerMaxActivities?: number;
  /** Worker processes on the one task queue (default 1). */
  workers?: number;
  /** API replicas; the client spreads its attempts over them round-robin (default 1). */
  apis?: number;
  retry?: Partial<RetryPolicy>;
  /** Nothing is retried after this long from the first arrival (default: arrivals + 20 min). */
  maxStormMs?: number;
  /** How long the read side may take to show everything after the last answer (default 5 min). */
  quiesceTimeoutMs?: number;
  /** How long after a kill the stack may take to decide again before the fault is called unrecovered. */
  recoveryBudgetMs?: number;
  keepScratch?: boolean;
  log?: (line: string) => void;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface StormResult {
  customers: number;
  rate: number;
  faults: StackPart[];
  selfHeal: boolean;
  /** From the first arrival until every customer's script was done. */
  wallTimeMs: number;
  /** From then until the read side showed every answer (or the timeout). */
  quiescenceMs: number;
  unsettledCustomers: number;
  /** Contact requests: from the first attempt to the answer, retries included. */
  decisionLatencyMs: LatencySummary;
  eventLatencyMs: LatencySummary;
  client: RetryingClient['stats'];
  faultResults: FaultResult[];
  /** Restarts the storm did not cause itself (a crash, or a kill after failed liveness probes). */
  unplannedRestarts: {
    child: string;
    cause: string;
    code: number | null;
    signal: string | null;
    atS: number;
  }[];
  /** Liveness-probe failures by child (a wedge shows here first). */
  probeFailures: Record<string, number>;
  invariants: InvariantReport;
  failed: string[];
  passed: boolean;
  /** The machine's 1-minute load average at the first arrival and at the end: other work skews every figure. */
  loadAverage: { atStart: number; atEnd: number };
  /** CPU seconds each process of the stack used from the first arrival to the last answer (where the time goes). */
  cpuSeconds: Record<string, number>;
  /** Worker processes and API replicas the stack ran. */
  workers: number;
  apis: number;
  /** HTTP answers by API replica (its base URL). */
  answeredBy: Record<string, number>;
  /** With several workers: which took the customers' workflow and activity tasks (from their histories). */
  spread?: WorkSpread;
  /** Logs of the stack's processes, when kept. */
  scratch?: string;
}

export async function runStorm(options: StormOptions): Promise<StormResult> {
  const log = options.log ?? (() => undefined);
  const selfHeal = options.selfHeal ?? true;
  const runId = randomBytes(3).toString('hex');
  const arrivalMs = (options.customers / options.rate) * 1000;
  const maxStormMs = options.maxStormMs ?? arrivalMs + 20 * 60_000;

  log(`starting the stack (self-heal ${selfHeal ? 'on' : 'off'}) ...`);
  const workers = options.workers ?? 1;
  const apis = options.apis ?? 1;
  const stack = await startStormStack({
    selfHeal,
    workerMaxActivities: options.workerMaxActivities,
    workers,
    apis,
    log,
  });
  let keep = options.keepScratch ?? false;
  try {
    const canaryIds = Array.from({ length: CANARY_POOL }, (_, i) => `storm-${runId}-canary-${i}`);
    if (options.faults.length > 0) {
      log('warming up the recovery probe ...');
      for (const id of canaryIds) {
        for (let tries = 0; !(await askCanary(stack, id, `warm-up-${id}`)); tries++) {
          if (tries > 30) throw new Error(`the stack does not decide anything (${id})`);
          await sleepUntil(Date.now() + 1_000);
        }
      }
    }
    const start = Date.now();
    const loadAtStart = os.loadavg()[0];
    const cpuAtStart = stack.cpuSeconds();
    const client = new RetryingClient(
      stack.baseUrls,
      stack.apiKey,
      { ...DEFAULT_RETRY_POLICY, ...options.retry },
      start + maxStormMs,
    );
    const scripts = Array.from({ length: options.customers }, (_, i) =>
      customerScript(runId, i, options.seed),
    );
    const records: CustomerRecord[] = scripts.map((s) => ({
      customerId: s.customerId,
      sentEventIds: s.steps.flatMap((step) => (step.kind === 'events' ? step.events.map((e) => e.id) : [])),
      acceptedEventIds: new Set(),
      requests: s.steps.flatMap((step) => (step.kind === 'contact' ? [step.request] : [])),
      answers: new Map(),
    }));
    const latencies = { decision: [] as number[], event: [] as number[] };
    const progress = { arrived: 0, done: 0 };
    log(
      `storm ${runId}: ${options.customers} customers at ${options.rate}/s, faults: ${options.faults.join(', ') || 'none'}`,
    );

    const ticker = setInterval(() => {
      const s = client.stats;
      log(
        `  ${Math.round((Date.now() - start) / 1000)} s: arrived ${progress.arrived}, done ${progress.done}, calls ${s.calls}, attempts ${s.attempts}, timeouts ${s.timeouts}, network errors ${s.networkErrors}, 5xx/429 ${s.retriedStatuses}`,
      );
    }, 15_000);

    const customersDone = (async () => {
      const runs: Promise<void>[] = [];
      for (let i = 0; i < scripts.length; i++) {
        await sleepUntil(start + (i * 1000) / options.rate);
        progress.arrived++;
        runs.push(
          playScript(client, scripts[i], records[i], latencies).then(() => {
            progress.done++;
          }),
        );
      }
      await Promise.all(runs);
      return Date.now() - start;
    })();

    // The recovery probe asks existing customers (a pool warmed up before the storm) for a decision, one
    // customer after the other, so each gets at most one probe in flight: many concurrent Updates on one
    // workflow would measure that workflow (and a flood of them is a hostile case of its own, see the notes
    // of the first runs), and a new customer would measure the queue of first workflow tasks.
    let probes = 0;
    const canary = (label: string) =>
      askCanary(stack, canaryIds[probes++ % canaryIds.length], `canary-${label}`);
    const faultsDone = (async () => {
      const results: FaultResult[] = [];
      const points =
        options.faultPoints ?? options.faults.map((_, j) => (j + 1) / (options.faults.length + 1));
      for (const [j, part] of options.faults.entries()) {
        await sleepUntil(start + arrivalMs * (points[j] ?? 0.5));
        log(`  kill -9 ${part} ...`);
        const result = await injectFault(stack, part, start, canary, options.recoveryBudgetMs ?? 180_000);
        log(
          `  ${part}: restarted after ${fmt(result.restartedAfterMs)}, /readyz 200 after ${fmt(result.readyAfterMs)}, decisions again after ${fmt(result.decisionAfterMs)}`,
        );
        results.push(result);
      }
      return results;
    })();

    const [wallTimeMs, faultResults] = await Promise.all([customersDone, faultsDone]);
    const cpuAtEnd = stack.cpuSeconds();
    const cpuSeconds = Object.fromEntries(
      Object.entries(cpuAtEnd).map(([child, seconds]) => [child, seconds - (cpuAtStart[child] ?? 0)]),
    );
    clearInterval(ticker);
    log(`storm done in ${(wallTimeMs / 1000).toFixed(1)} s; waiting for the read side to settle ...`);
    const quiet = await waitForQuiescence(client, records, options.quiesceTimeoutMs ?? 300_000);
    log(
      `settled after ${(quiet.afterMs / 1000).toFixed(1)} s (${quiet.unsettled.length} customers not settled); checking invariants ...`,
    );
    const invariants = await checkInvariants(client, records, log);
    const failed = failedInvariants(invariants);
    const spread =
      workers > 1
        ? await workSpread(
            stack.temporalAddress,
            records.map((r) => r.customerId),
          )
        : undefined;
    if (failed.length > 0 || faultResults.some((f) => f.decisionAfterMs === undefined)) keep = true;

    const result: StormResult = {
      customers: options.customers,
      rate: options.rate,
      faults: options.faults,
      selfHeal,
      wallTimeMs,
      quiescenceMs: quiet.afterMs,
      unsettledCustomers: quiet.unsettled.length,
      decisionLatencyMs: summarize(latencies.decision),
      eventLatencyMs: summarize(latencies.event),
      client: { ...client.stats },
      faultResults,
      unplannedRestarts: unplanned(stack, faultResults, start),
      probeFailures: countBy(stack.events.filter((e) => e.kind === 'probe_failed').map((e) => e.child)),
      invariants,
      failed,
      passed: failed.length === 0,
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0] },
      cpuSeconds,
      workers,
      apis,
      answeredBy: { ...client.answeredBy },
      ...(spread ? { spread } : {}),
      ...(keep ? { scratch: stack.scratch } : {}),
    };
    return result;
  } catch (error) {
    keep = true;
    log(`the storm failed; logs kept in ${stack.scratch}/logs`);
    throw error;
  } finally {
    await stack.stop({ keepScratch: keep });
  }
}

async function playScript(
  client: RetryingClient,
  script: CustomerScript,
  record: CustomerRecord,
  latencies: { decision: number[]; event: number[] },
): Promise<void> {
  const id = encodeURIComponent(script.customerId);
  for (const step of script.steps) {
    if (step.kind === 'events') {
      const outcome = await client.call(
        'POST',
        '/v1/events',
        step.batch ? { events: step.events } : step.events[0],
      );
      if (outcome.status !== 202) continue;
      latencies.event.push(outcome.latencyMs);
      const rejected = new Set(
        ((outcome.body as { rejected?: { index: number }[] }).rejected ?? []).map((r) => r.index),
      );
      step.events.forEach((e, i) => {
        if (!rejected.has(i)) record.acceptedEventIds.add(e.id);
      });
    } else {
      const outcome = await client.call('POST', `/v1/customers/${id}/contact-requests`, step.request);
      if (outcome.status !== 200) continue;
      latencies.decision.push(outcome.latencyMs);
      record.answers.set(step.request.id, outcome.body as ContactAnswer);
    }
  }
}

function unplanned(
  stack: StormStack,
  faults: FaultResult[],
  start: number,
): StormResult['unplannedRestarts'] {
  const killed = new Set(faults.map((f) => f.pid));
  return stack.events.flatMap((e) =>
    e.kind === 'exited' && !killed.has(e.pid)
      ? [
          {
            child: e.child,
            cause: e.cause,
            code: e.code,
            signal: e.signal,
            atS: Math.round((e.at - start) / 1000),
          },
        ]
      : [],
  );
}

/** Customers the recovery probe rotates over: with a probe a second and a 10 s timeout, one in flight each. */
const CANARY_POOL = 20;

/** One transactional request; true when it was decided within 10 s. */
async function askCanary(stack: StormStack, customerId: string, requestId: string): Promise<boolean> {
  try {
    const res = await fetch(`${stack.baseUrl}/v1/customers/${customerId}/contact-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: requestId,
        channel: 'email',
        category: 'transactional',
        campaign: 'canary',
        content: { subject: 'canary' },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`;
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
}
