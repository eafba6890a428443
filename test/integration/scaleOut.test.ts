// Scale-out, tested rather than promised (README "Scaling out"): two worker processes on one task queue and two
// API replicas, on a stack of their own, take the storm's customers through a client that spreads its requests
// over both APIs as a load balancer would. The work spreads across both workers, and every invariant of the
// single-process storm holds: nothing lost, applied twice, sent twice or over a cap.
import { expect, it } from 'vitest';
import { runStorm } from '../../bench/storm/runStorm';

it('two workers and two API replicas share the work and change no behaviour', async () => {
  const lines: string[] = [];
  const result = await runStorm({
    customers: 30,
    rate: 4,
    faults: [],
    workers: 2,
    apis: 2,
    maxStormMs: 150_000,
    quiesceTimeoutMs: 60_000,
    log: (line) => lines.push(line),
  });
  const context = `${JSON.stringify({ ...result, invariants: undefined }, null, 1)}\n${result.invariants.examples.join('\n')}\n${lines.join('\n')}`;

  // Every invariant of the single-process storm (bench/storm/invariants.ts) holds.
  expect(result.failed, context).toEqual([]);
  expect(result.unplannedRestarts, context).toEqual([]);
  expect(result.decisionLatencyMs.count).toBe(30 * 7);

  // Both replicas answered: round-robin gives each about half.
  const answers = Object.values(result.answeredBy);
  expect(answers, context).toHaveLength(2);
  for (const n of answers) expect(n / (answers[0] + answers[1]), context).toBeGreaterThan(0.3);

  // Both workers took workflow tasks and activities: neither sat idle while the other did everything.
  for (const byWorker of [result.spread!.workflowTasks, result.spread!.activityTasks]) {
    const counts = Object.values(byWorker);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(counts, context).toHaveLength(2);
    for (const n of counts) expect(n / total, context).toBeGreaterThan(0.1);
  }
}, 360_000);
