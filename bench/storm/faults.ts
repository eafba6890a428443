// One fault: kill -9 of a part of the stack (the supervisor restarts it), then how long until the stack is
// ready again, seen two ways from outside: /readyz answers 200, and a new contact request is decided (a
// decision needs the API, Temporal and a worker; /readyz cannot see a worker killed less than 70 s ago).
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackPart, StormStack } from './stormStack';

export interface FaultResult {
  part: StackPart;
  /** Seconds into the storm. */
  atS: number;
  pid?: number;
  /** From the kill until the supervisor had the part running again. */
  restartedAfterMs?: number;
  /** From the kill until /readyz answered 200 (after having been 503 or silent, or at once). */
  readyAfterMs?: number;
  /** From the kill until a fresh contact request was answered. */
  decisionAfterMs?: number;
  /** What /readyz said while not ready (first answer of each kind), for where the time goes. */
  notReady: string[];
}

export async function injectFault(
  stack: StormStack,
  part: StackPart,
  stormStart: number,
  canary: (label: string) => Promise<boolean>,
  recoveryBudgetMs: number,
): Promise<FaultResult> {
  // Kill only a running part: one still restarting from an earlier fault would be a different fault.
  const upBy = Date.now() + recoveryBudgetMs;
  let pid: number | undefined;
  while ((pid = stack.kill(part)) === undefined && Date.now() < upBy) await sleep(200);
  const killedAt = Date.now();
  const result: FaultResult = { part, atS: Math.round((killedAt - stormStart) / 1000), pid, notReady: [] };
  if (pid === undefined) return result;
  const deadline = killedAt + recoveryBudgetMs;

  const restarted = (async () => {
    while (Date.now() < deadline) {
      const started = stack.events.find((e) => e.kind === 'started' && e.child === part && e.at > killedAt);
      if (started) return started.at - killedAt;
      await sleep(100);
    }
    return undefined;
  })();
  const ready = (async () => {
    while (Date.now() < deadline) {
      const answer = await readyz(stack.baseUrl);
      if (answer.status === 200) return Date.now() - killedAt;
      const said = answer.status === 0 ? `no answer (${answer.detail})` : `${answer.status} ${answer.detail}`;
      if (result.notReady.length < 8 && !result.notReady.includes(said)) result.notReady.push(said);
      await sleep(250);
    }
    return undefined;
  })();
  // A new probe every second, each waiting for its own answer: the first answered one marks recovery,
  // to the second, however long a probe that went out while the stack was down waits.
  const decided = (async () => {
    let answeredAt: number | undefined;
    let n = 0;
    const probes: Promise<void>[] = [];
    while (answeredAt === undefined && Date.now() < deadline) {
      probes.push(
        canary(`${part}-${killedAt}-${++n}`).then((ok) => {
          if (ok) answeredAt = Math.min(answeredAt ?? Infinity, Date.now());
        }),
      );
      await sleep(1_000);
    }
    await Promise.all(probes);
    return answeredAt === undefined ? undefined : answeredAt - killedAt;
  })();
  const [restartedAfterMs, readyAfterMs, decisionAfterMs] = await Promise.all([restarted, ready, decided]);
  return { ...result, restartedAfterMs, readyAfterMs, decisionAfterMs };
}

async function readyz(baseUrl: string): Promise<{ status: number; detail: string }> {
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(3_000) });
    const body = (await res.json().catch(() => ({}))) as { detail?: string };
    return { status: res.status, detail: body.detail ?? '' };
  } catch (error) {
    const e = error as Error;
    return { status: 0, detail: e.name === 'TimeoutError' ? 'timeout' : 'connection refused' };
  }
}
