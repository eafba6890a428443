// bench/priority: a transactional message's latency during a marketing storm, with task-queue priority and
// without it, on the same machine in the same run (docs/BENCHMARKS.md, "Priority").
//   npm run bench:priority -- [--marketing 800] [--transactional 20] [--max-activities 4] [--receiver-ms 40]
//                             [--rounds 1]
// Each arm runs on a fresh stack of its own processes. "with priority" is the server's new matcher, which
// serves priority keys; "without" switches it to the classic matcher, which serves a queue first in, first
// out — the same Tutti code in both. A storm of marketing SMS (one per customer, through the API at full
// speed) backs up the delivery activities behind a worker limited to a few activities at once and a receiver
// that takes a while per message; meanwhile transactional SMS for other customers arrive one every 250 ms.
// Latency is from the API's answer ("sent") to the receiver seeing the message.
import { parseArgs } from 'node:util';
import { runPriorityArm } from './priority/priorityArm';
import type { PriorityArmResult } from './priority/priorityArm';

const { values } = parseArgs({
  options: {
    marketing: { type: 'string', default: '800' },
    transactional: { type: 'string', default: '20' },
    'max-activities': { type: 'string', default: '4' },
    'receiver-ms': { type: 'string', default: '40' },
    rounds: { type: 'string', default: '1' },
  },
});

function whole(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, not ${text}`);
  return n;
}

const settings = {
  marketing: whole('marketing', values.marketing),
  transactional: whole('transactional', values.transactional),
  workerMaxActivities: whole('max-activities', values['max-activities']),
  receiverMs: Number(values['receiver-ms']),
  log: (line: string) => console.log(line),
};

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  const results: PriorityArmResult[] = [];
  for (let round = 1; round <= whole('rounds', values.rounds); round++) {
    // Alternated, so drift in the machine's load falls on both arms.
    for (const priority of round % 2 === 1 ? [true, false] : [false, true]) {
      console.log(`\n== round ${round}: ${priority ? 'with' : 'without'} priority ==`);
      results.push(await runPriorityArm({ ...settings, priority }));
    }
  }
  console.log('\n| arm | transactional p50 | p90 | max | marketing p50 | p90 | max | storm drained in |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const t = r.transactional;
    const m = r.marketing;
    console.log(
      `| ${r.priority ? 'with priority' : 'without'} | ${s(t.p50)} | ${s(t.p90)} | ${s(t.max)} | ${s(m.p50)} | ${s(m.p90)} | ${s(m.max)} | ${s(r.drainedMs)} |`,
    );
  }
  for (const priority of [true, false]) {
    const arm = results.filter((r) => r.priority === priority);
    const ratio = arm.map((r) => r.transactional.p50 / r.marketing.p50);
    console.log(
      `${priority ? 'with priority' : 'without'}: transactional p50 ÷ marketing p50 = ${ratio.map((x) => x.toFixed(2)).join(', ')}`,
    );
  }
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
