// bench/storm: the fault-injection benchmark (docs/BENCHMARKS.md).
//   npm run bench:storm -- [--customers 600] [--rate 2.5] [--faults worker,api,ferretdb,temporal|none]
//                          [--fault-points 0.2,0.4,0.6,0.8] [--no-baseline] [--no-self-heal] [--seed 17]
//                          [--max-activities N] [--attempt-timeout 15] [--quiesce-timeout 300]
//                          [--workers 1] [--apis 1] [--out file.json] [--keep]
// Runs a fault-free storm (the baseline) and then the same storm with each chosen part of the stack killed
// with SIGKILL at its point, each on a fresh stack of its own processes; checks every invariant through the
// HTTP API; prints a summary, writes the JSON result, and exits non-zero when an invariant fails or a fault
// is never recovered from.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../dev/tools';
import type { StormResult } from './storm/runStorm';
import { runStorm } from './storm/runStorm';
import type { StackPart } from './storm/stormStack';
import { STACK_PARTS } from './storm/stormStack';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '600' },
    rate: { type: 'string', default: '2.5' },
    faults: { type: 'string', default: 'worker,api,ferretdb,temporal' },
    'fault-points': { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    'no-self-heal': { type: 'boolean', default: false },
    seed: { type: 'string', default: '17' },
    'max-activities': { type: 'string' },
    workers: { type: 'string', default: '1' },
    apis: { type: 'string', default: '1' },
    'attempt-timeout': { type: 'string', default: '15' },
    'quiesce-timeout': { type: 'string', default: '300' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${text}`);
  return n;
}

const faults: StackPart[] =
  values.faults === 'none' || values.faults === ''
    ? []
    : values.faults.split(',').map((f) => {
        if (!(STACK_PARTS as readonly string[]).includes(f)) {
          throw new Error(`--faults: ${f} is not one of ${STACK_PARTS.join(', ')} (or none)`);
        }
        return f as StackPart;
      });
const common = {
  customers: Math.round(positive('customers', values.customers)),
  rate: positive('rate', values.rate),
  seed: Number(values.seed),
  selfHeal: !values['no-self-heal'],
  workerMaxActivities: values['max-activities']
    ? positive('max-activities', values['max-activities'])
    : undefined,
  workers: Math.round(positive('workers', values.workers)),
  apis: Math.round(positive('apis', values.apis)),
  retry: { attemptTimeoutMs: positive('attempt-timeout', values['attempt-timeout']) * 1000 },
  quiesceTimeoutMs: positive('quiesce-timeout', values['quiesce-timeout']) * 1000,
  keepScratch: values.keep,
  log: (line: string) => console.log(line),
};
const faultPoints = values['fault-points']?.split(',').map((p) => positive('fault-points', p));

// The stack's processes are in process groups of their own: exiting (not dying of the signal) lets the
// 'exit' handler of the stack kill them.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  const runs: { name: string; result: StormResult }[] = [];
  if (faults.length === 0 || !values['no-baseline']) {
    console.log('\n== fault-free storm ==');
    runs.push({ name: 'fault-free', result: await runStorm({ ...common, faults: [] }) });
  }
  if (faults.length > 0) {
    console.log(`\n== storm with kill -9 of ${faults.join(', ')} ==`);
    runs.push({
      name: `faults: ${faults.join(',')}`,
      result: await runStorm({ ...common, faults, ...(faultPoints ? { faultPoints } : {}) }),
    });
  }

  const baseline = runs.find((r) => r.result.faults.length === 0)?.result;
  const faulted = runs.find((r) => r.result.faults.length > 0)?.result;
  const ratio = baseline && faulted ? faulted.wallTimeMs / baseline.wallTimeMs : undefined;
  for (const { name, result } of runs) printRun(name, result);
  if (ratio !== undefined)
    console.log(`\nfaulted storm wall time ÷ fault-free: ${ratio.toFixed(2)}× (goal ≤ 1.5×)`);

  const unrecovered = runs.flatMap((r) =>
    r.result.faultResults.filter((f) => f.decisionAfterMs === undefined),
  );
  const failed = runs.filter((r) => !r.result.passed);
  const out =
    values.out ??
    path.join(PROJECT_ROOT, '.data', 'storm', `storm-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
        argv: process.argv.slice(2),
        runs,
        faultedOverFaultFree: ratio,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nresult: ${out}`);
  if (failed.length > 0 || unrecovered.length > 0) {
    console.log(
      `FAILED: ${[...failed.map((r) => `${r.name}: ${r.result.failed.join(', ')}`), ...unrecovered.map((f) => `${f.part} never recovered`)].join('; ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log('PASSED: every invariant holds.');
  }
}

function printRun(name: string, r: StormResult): void {
  const s = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const i = r.invariants;
  console.log(
    [
      '',
      `-- ${name}: ${r.customers} customers at ${r.rate}/s, self-heal ${r.selfHeal ? 'on' : 'off'}, ${r.workers} worker(s), ${r.apis} API(s) --`,
      `storm wall time            ${s(r.wallTimeMs)}   (read side settled ${s(r.quiescenceMs)} later; unsettled customers ${r.unsettledCustomers})`,
      `decision latency           p50 ${r.decisionLatencyMs.p50} ms, p90 ${r.decisionLatencyMs.p90} ms, p99 ${r.decisionLatencyMs.p99} ms, max ${r.decisionLatencyMs.max} ms (${r.decisionLatencyMs.count} answers)`,
      `event latency              p50 ${r.eventLatencyMs.p50} ms, p99 ${r.eventLatencyMs.p99} ms`,
      `client                     ${r.client.calls} calls, ${r.client.attempts} attempts, ${r.client.timeouts} timeouts, ${r.client.networkErrors} network errors, ${r.client.retriedStatuses} 5xx/429`,
      `lost events                ${i.lostEvents}   (never accepted: ${i.eventsNeverAccepted})`,
      `events applied twice       ${i.eventsAppliedTwice}`,
      `duplicate deliveries       ${i.duplicateDeliveries}`,
      `cap violations             ${i.capViolations}`,
      `unanswered requests        ${i.unansweredRequests}   (answer changed when asked again: ${i.changedAnswers})`,
      `sent but not delivered     ${i.sentNotDelivered}   (decisions not mirrored: ${i.decisionsNotMirrored})`,
      ...r.faultResults.map(
        (f) =>
          `fault ${f.part.padEnd(9)} at ${f.atS} s: restarted ${s(f.restartedAfterMs)}, /readyz 200 ${s(f.readyAfterMs)}, deciding again ${s(f.decisionAfterMs)}${f.notReady.length ? `; meanwhile: ${f.notReady.join(' | ')}` : ''}`,
      ),
      `unplanned restarts         ${r.unplannedRestarts.length ? r.unplannedRestarts.map((u) => `${u.child} (${u.cause}, code ${u.code ?? '-'}, ${u.signal ?? '-'}) at ${u.atS} s`).join('; ') : 'none'}`,
      `liveness probe failures    ${
        Object.entries(r.probeFailures)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none'
      }`,
      `load average (1 min)       ${r.loadAverage.atStart.toFixed(1)} at the start, ${r.loadAverage.atEnd.toFixed(1)} at the end (${os.cpus().length} cores)`,
      `CPU seconds (arrivals)     ${Object.entries(r.cpuSeconds)
        .map(([part, seconds]) => `${part} ${seconds.toFixed(0)}`)
        .join(', ')} (restarted parts: since their restart)`,
      ...(r.apis > 1 ? [`answers by API             ${Object.values(r.answeredBy).join(', ')}`] : []),
      ...(r.spread
        ? [
            `workflow tasks by worker   ${Object.values(r.spread.workflowTasks).join(', ')}`,
            `activities by worker       ${Object.values(r.spread.activityTasks).join(', ')}`,
          ]
        : []),
      `verdict                    ${r.passed ? 'PASSED' : `FAILED (${r.failed.join(', ')})`}${r.scratch ? `; logs: ${r.scratch}/logs` : ''}`,
      ...(i.examples.length ? ['examples:', ...i.examples.slice(0, 15).map((e) => `  ${e}`)] : []),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
