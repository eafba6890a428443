import type { Client } from '@temporalio/client';
import type { Response } from 'express';

/**
 * Runs `call` (calls to Temporal through `client`) with a deadline (TUTTI_API_TEMPORAL_TIMEOUT_MS, platform/config.ts), and cancels it when the HTTP client goes
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
