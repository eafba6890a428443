import type { FeedDecision } from '../api/types';
import { reconnectDelay, SseParser } from './sse';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface FollowOptions {
  /** The stream's URL with its filters (`/v1/decisions/stream?reason=…`). */
  url: string;
  key: string;
  /** Where to start: `head` of the page the viewer sees, so nothing between the two is missed. */
  lastEventId: string;
  signal: AbortSignal;
  onDecisions(decisions: FeedDecision[]): void;
  onState(state: LiveState, detail?: string): void;
  /** The stream skipped ahead (the viewer was away too long): the page should be read again. */
  onGap?(): void;
  /** The id a reconnect would resume after, each time it moves. */
  onPosition?(lastEventId: string): void;
  /** The key is no longer accepted (401). */
  onUnauthorized?(detail: string): void;
  fetch?: typeof fetch;
  delay?: (attempt: number) => number;
  /** No byte (not even a heartbeat) for this long means a dead connection: reconnect. */
  silenceMs?: number;
}

/**
 * Follows GET /v1/decisions/stream with fetch() and a ReadableStream (the key stays in the Authorization
 * header), reconnecting with backoff and `Last-Event-ID` whenever the stream ends, fails or falls silent, until
 * `signal` aborts. Each event's decisions are passed on as they come; the server sends each once per connection,
 * and a reconnect resumes after the last id, so nothing is missed or repeated.
 */
export async function followDecisions(options: FollowOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const delay = options.delay ?? ((attempt: number) => reconnectDelay(attempt));
  const silenceMs = options.silenceMs ?? 45_000;
  let lastEventId = options.lastEventId;
  let attempt = 0;
  options.onState('connecting');
  while (!options.signal.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort();
    options.signal.addEventListener('abort', abort);
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const feed = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abort, silenceMs);
    };
    let why = 'the stream ended';
    try {
      feed();
      const res = await doFetch(options.url, {
        headers: {
          authorization: `Bearer ${options.key}`,
          accept: 'text/event-stream',
          ...(lastEventId !== '' ? { 'last-event-id': lastEventId } : {}),
        },
        signal: connection.signal,
      });
      if (res.status === 401) {
        options.onUnauthorized?.(await detailOf(res));
        options.onState('stopped', 'This API key is no longer accepted.');
        return;
      }
      if (res.status === 400 || res.status === 403) {
        options.onState('stopped', await detailOf(res));
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const parser = new SseParser();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let live = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feed();
        if (!live) {
          live = true;
          attempt = 0;
          options.onState('live');
        }
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          if (event.type === 'decisions') {
            const { decisions } = JSON.parse(event.data) as { decisions: FeedDecision[] };
            options.onDecisions(decisions);
          } else if (event.type === 'gap') {
            options.onGap?.();
          }
        }
        if (parser.lastEventId !== '' && parser.lastEventId !== lastEventId) {
          lastEventId = parser.lastEventId;
          options.onPosition?.(lastEventId);
        }
      }
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(watchdog);
      options.signal.removeEventListener('abort', abort);
    }
    if (options.signal.aborted) break;
    attempt++;
    options.onState('reconnecting', why);
    await sleep(delay(attempt), options.signal);
  }
  options.onState('stopped');
}

async function detailOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: unknown };
    return typeof body.detail === 'string' ? body.detail : `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
