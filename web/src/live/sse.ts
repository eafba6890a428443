/**
 * A Server-Sent Events parser (the HTML standard's "event stream interpretation"), for streams read with
 * fetch(): the dashboard sends its key in the Authorization header, which EventSource cannot. Pure: feed it the
 * text as it arrives, in chunks cut anywhere, and it answers the events completed by each chunk.
 */
export interface SseEvent {
  /** `message` when the stream names no type. */
  type: string;
  data: string;
  /** The last `id:` seen up to this event (ids persist across events, as in EventSource). */
  lastEventId: string;
}

export class SseParser {
  /** The id to send as `Last-Event-ID` on reconnecting: updated by every `id:` line once its event ends. */
  lastEventId = '';
  /** The reconnection time the server asked for (`retry:`), in ms. */
  retry: number | undefined;
  private pending = '';
  private data: string[] = [];
  private type = '';
  private idBuffer: string | undefined;

  push(chunk: string): SseEvent[] {
    let text = this.pending + chunk;
    // A CR at the very end may be the first half of a CRLF: wait for the next chunk to know.
    const keepCr = text.endsWith('\r');
    if (keepCr) text = text.slice(0, -1);
    const lines = text.split(/\r\n|\r|\n/);
    this.pending = lines.pop()! + (keepCr ? '\r' : '');
    const events: SseEvent[] = [];
    for (const line of lines) {
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.idBuffer = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) this.retry = Number(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.idBuffer !== undefined) this.lastEventId = this.idBuffer;
    const type = this.type;
    this.type = '';
    if (this.data.length === 0) return undefined;
    const data = this.data.join('\n');
    this.data = [];
    return { type: type || 'message', data, lastEventId: this.lastEventId };
  }
}

/** Milliseconds before reconnect attempt `attempt` (1, 2, …): doubling from 1 s to 30 s, with jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}
