import { ActivityFailure, log } from '@temporalio/workflow';
import type { WriteFailureSummary } from './messages';

/**
 * Writes beside the customer's loop, one write at a time, coalescing what arrives meanwhile into the next
 * write. The read model is a mirror: the loop and the decisions never wait for it, and a slow or unavailable
 * MongoDB only makes the mirror trail (the lag is bounded by one write plus its retries).
 *
 * One write at a time keeps the mirror's order (a newer customer version, a later decision of a message) and
 * means one activity per customer in flight however fast events arrive. Work is pushed from anywhere (update
 * handlers too), but a write is started only by `flush()`, which the customer's main loop calls: every command
 * then comes from one coroutine, in an order replay reproduces whatever way activations are grouped (an
 * update handler that scheduled activities itself could interleave differently on replay).
 */
export interface CoalescingWriter<T> {
  /** Adds work: it joins the next write. */
  push(work: T): void;
  /** Whether a write could start now (work is waiting and none is running): the loop should call `flush`. */
  ready(): boolean;
  /** Starts the next write if one is waiting and none is running. Called by the main loop only. */
  flush(): void;
  /** Whether nothing is written or waiting: the workflow may continue-as-new without losing work. */
  idle(): boolean;
  /** Writes that failed for good (the activity said it can never succeed), for the customer's view. */
  failures(): WriteFailureSummary;
}

export function coalescingWriter<T>(options: {
  /** What the write is, for logs. */
  name: string;
  write: (work: T) => Promise<void>;
  /** Folds later work into earlier work that has not started yet. */
  merge: (earlier: T, later: T) => T;
}): CoalescingWriter<T> {
  let waiting: T | undefined;
  let writing = false;
  const failed: WriteFailureSummary = { count: 0 };

  const startNext = () => {
    if (writing || waiting === undefined) return;
    const work = waiting;
    waiting = undefined;
    writing = true;
    void options
      .write(work)
      .catch((error: unknown) => {
        // Only a failure the activity marked non-retryable reaches here (transient ones are retried by
        // Temporal): the work is dropped so the mirror moves on, and the failure stays visible.
        const reason = describeFailure(error);
        failed.count++;
        failed.last = { at: new Date().toISOString(), error: reason };
        log.error('read model write failed for good', { write: options.name, error: reason });
      })
      .finally(() => {
        writing = false;
      });
  };

  return {
    push(work) {
      waiting = waiting === undefined ? work : options.merge(waiting, work);
    },
    ready: () => !writing && waiting !== undefined,
    flush: startNext,
    idle: () => !writing && waiting === undefined,
    failures: () => ({ ...failed }),
  };
}

/** The activity's own error, not the wrapper's "Activity task failed". */
function describeFailure(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return `${error.cause.name}: ${error.cause.message}`;
  return String(error);
}
