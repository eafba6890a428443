// The storm benchmark, small: 40 customers through a retrying client while the worker, FerretDB and the
// API are each killed with SIGKILL and restarted by the supervisor — on a stack of its own (separate
// processes it can kill; the shared test servers are left alone). Every invariant is read through the API.
import { expect, it } from 'vitest';
import { runStorm } from '../../bench/storm/runStorm';

it('loses, repeats and over-sends nothing, and answers every request, through kill -9 of the worker, FerretDB and the API', async () => {
  const lines: string[] = [];
  const result = await runStorm({
    customers: 40,
    rate: 4,
    faults: ['worker', 'ferretdb', 'api'],
    faultPoints: [0.2, 0.5, 0.8],
    // A wedge would show as a failed invariant, not as a test that never ends.
    maxStormMs: 150_000,
    quiesceTimeoutMs: 60_000,
    recoveryBudgetMs: 90_000,
    log: (line) => lines.push(line),
  });
  const context = `${JSON.stringify({ ...result, invariants: undefined }, null, 1)}\n${result.invariants.examples.join('\n')}\n${lines.join('\n')}`;

  expect(result.invariants, context).toMatchObject({
    lostEvents: 0,
    eventsAppliedTwice: 0,
    eventsNeverAccepted: 0,
    unansweredRequests: 0,
    changedAnswers: 0,
    duplicateDeliveries: 0,
    capViolations: 0,
    sentNotDelivered: 0,
    decisionsNotMirrored: 0,
  });
  expect(result.passed).toBe(true);
  // Each fault was recovered from: the stack decided again.
  expect(result.faultResults.map((f) => f.part)).toEqual(['worker', 'ferretdb', 'api']);
  for (const fault of result.faultResults) expect(fault.decisionAfterMs, context).toBeDefined();
  expect(result.unplannedRestarts, context).toEqual([]);
  // Every customer's 7 requests were decided (6 marketing, 1 transactional).
  expect(result.decisionLatencyMs.count).toBe(40 * 7);
}, 360_000);
