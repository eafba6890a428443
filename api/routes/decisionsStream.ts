import type { Request } from 'express';
import { Router } from 'express';
import { matchesFilter, RecentIds } from '../../domain/decisions/decisionFeed';
import type { FeedFilter } from '../../domain/decisions/decisionFeed';
import { decisionFeedHead, readDecisionFeedEntries } from '../../storage/decisionFeed';
import type { Models } from '../../storage/models';
import { withBusyRetry } from '../../storage/withBusyRetry';
import { callerOf, hashApiKey } from '../auth';
import { validationProblem } from '../problem';
import { answerOf, feedFilterOf } from './decisions';

type StreamModels = Pick<Models, 'decisionFeed' | 'logHeads' | 'apiKeys'>;

export interface StreamTiming {
  /** How often the feed's next entry is looked for (one read by `_id`). */
  pollMs: number;
  /** How often a comment line keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** How often the key is read again, so a revoked key's stream ends as its requests would be refused. */
  keyCheckMs: number;
}

export const STREAM_TIMING: StreamTiming = { pollMs: 1_000, heartbeatMs: 15_000, keyCheckMs: 2_000 };
/** A reconnect further behind than this many entries skips to here (a `gap` event says so): reload the page. */
export const MAX_CATCH_UP_ENTRIES = 1_000;
const READ_AHEAD = 8;
/** Ends the streams this process serves, so a shutdown's `server.close()` is not held open by them. */
const openStreams = new Set<() => void>();

export function endDecisionStreams(): void {
  for (const end of openStreams) end();
}
/** What a browser waits before reconnecting by itself (the dashboard keeps its own backoff). */
const RETRY_MS = 2_000;

/**
 * `GET /v1/decisions/stream?reason=&channel=&campaign=` (member keys): the workspace's decisions as they are
 * recorded, as Server-Sent Events. Each feed entry is one event whose `id` is its number in the feed: a client
 * that reconnects with `Last-Event-ID` (the last id it saw, or `head` of `GET /v1/decisions`) gets everything
 * after it, without a gap and without a decision twice. An entry with nothing that matches the filter moves the
 * id on without an event. A comment line every 15 s keeps proxies from closing a quiet stream.
 * Server side the feed's next entry is read by `_id` about once a second.
 */
export function decisionsStreamRouter(models: StreamModels, timing: StreamTiming = STREAM_TIMING): Router {
  const router = Router();
  router.get('/v1/decisions/stream', async (req, res) => {
    const filter = feedFilterOf(req.query);
    const lastEventId = lastEventIdOf(req);
    const { workspace } = callerOf(res);
    // Before the first byte: a store that is down is a 503 like on every route.
    const head = await decisionFeedHead(models, workspace);
    let position = lastEventId === undefined ? head : Math.min(lastEventId, head);

    res.status(200);
    res.set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and its kin buffer answers unless told not to.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let shutDown = (): void => undefined;
    const closed = new Promise<void>((resolve) => {
      res.once('close', resolve);
      shutDown = resolve;
    });
    openStreams.add(shutDown);
    let open = true;
    void closed.then(() => {
      open = false;
    });
    const send = async (text: string): Promise<void> => {
      if (!open) return;
      if (!res.write(text)) await Promise.race([new Promise((r) => res.once('drain', r)), closed]);
    };

    await send(
      `retry: ${RETRY_MS}\nid: ${position}\n: decisions of workspace ${workspace} after ${position}\n\n`,
    );
    if (head - position > MAX_CATCH_UP_ENTRIES) {
      const skippedTo = head - MAX_CATCH_UP_ENTRIES;
      await send(
        `event: gap\nid: ${skippedTo}\ndata: ${JSON.stringify({ after: position, resumedAt: skippedTo })}\n\n`,
      );
      position = skippedTo;
    }

    const heartbeat = setInterval(() => void send(': keep-alive\n\n'), timing.heartbeatMs);
    const keyHash = bearerHash(req);
    let keyCheckedAt = Date.now();
    const recent = new RecentIds();
    try {
      while (open) {
        // One read by `_id` while nothing new has come (the usual case), a few at once when entries wait.
        const next = await readDecisionFeedEntries(models, workspace, position + 1, position + 1);
        const entries =
          next.length === 0
            ? next
            : [
                ...next,
                ...(await readDecisionFeedEntries(models, workspace, position + 2, position + READ_AHEAD)),
              ];
        for (const entry of entries) {
          await send(eventOf(entry, filter, recent));
          position = entry.n;
        }
        if (Date.now() - keyCheckedAt >= timing.keyCheckMs) {
          keyCheckedAt = Date.now();
          if (keyHash && !(await keyStillValid(models, keyHash))) break;
        }
        if (entries.length < READ_AHEAD) await Promise.race([sleep(timing.pollMs), closed]);
      }
    } catch {
      // The store went away mid-stream: end it; the client reconnects with Last-Event-ID once it is back.
    } finally {
      clearInterval(heartbeat);
      openStreams.delete(shutDown);
      if (!res.writableEnded) res.end();
    }
  });
  return router;
}

/**
 * One feed entry as an event: its decisions that match and were not seen (a retried batch appended twice), in
 * the order recorded.
 */
export function eventOf(
  entry: { n: number; decisions: Parameters<typeof matchesFilter>[0][] },
  filter: FeedFilter,
  recent: RecentIds,
): string {
  const decisions = entry.decisions.filter((d) => matchesFilter(d, filter) && recent.admit(d.id));
  if (decisions.length === 0) return `id: ${entry.n}\n\n`;
  return `event: decisions\nid: ${entry.n}\ndata: ${JSON.stringify({ decisions: decisions.map(answerOf) })}\n\n`;
}

function lastEventIdOf(req: Request): number | undefined {
  const value = req.get('last-event-id');
  if (value === undefined || value === '') return undefined;
  if (!/^(0|[1-9][0-9]{0,14})$/.test(value)) {
    throw validationProblem('The Last-Event-ID is not valid.', [
      { path: 'Last-Event-ID', message: 'must be the id of an event of this stream (a whole number from 0)' },
    ]);
  }
  return Number(value);
}

function bearerHash(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match ? hashApiKey(match[1]) : undefined;
}

/** Is the key still good? A store that cannot answer is no reason to end the stream (the feed read says). */
async function keyStillValid(models: StreamModels, hash: string): Promise<boolean> {
  let doc: { revokedAt?: Date | null; expiresAt?: Date | null } | null;
  try {
    doc = await withBusyRetry(() => models.apiKeys.findById(hash, { revokedAt: 1, expiresAt: 1 }).lean());
  } catch {
    return true;
  }
  if (!doc || doc.revokedAt) return false;
  return !doc.expiresAt || doc.expiresAt.getTime() > Date.now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
