import type { Client } from '@temporalio/client';
import type { Response } from 'express';

/**
 * How long one API call waits on Temporal (TUTTI_API_TEMPORAL_TIMEOUT_MS): a signal-with-start, or a contact
 * request's Update until the customer's workflow answers. Without a bound, the SDK's own retries keep a call
 * going for ~20 s while Temporal is down, and an Update waits as long as the workflow takes — longer than any
 * client waits. Past it the answer is 503 with Retry-After: what was admitted is still applied (and decided
 * once: a contact request is answered by its id), so the same request sent again gets the answer.
 */
export const DEFAULT_TEMPORAL_CALL_TIMEOUT_MS = 10_000;

/**
 * Runs `call` (calls to Temporal through `client`) with a deadline, and cancels it when the HTTP client goes
 * away first. For contact requests, whose Update waits for the workflow's answer; events are only signalled
 * (quick), and their signals are sent to the end even for a client that left, so that a client that never
 * retries loses nothing it sent: a client that gives up and retries would otherwise leave its abandoned Update polling on the
 * server, and under load those polls pile up until Temporal refuses new ones (RESOURCE_EXHAUSTED).
 * Cancelling the call does not withdraw an Update Temporal has admitted; the workflow still decides it.
 */
export async function callTemporalFor<T>(
  client: Client,
  res: Response,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) clientGone.abort();
  };
  res.once('close', onClose);
  try {
    return await client.withAbortSignal(clientGone.signal, () =>
      client.withDeadline(Date.now() + timeoutMs, call),
    );
  } finally {
    res.off('close', onClose);
  }
}
