import type { CustomerEvent } from '../../domain/events/customerEvent';
import { incomingEventSchema, MAX_EVENTS_PER_BATCH } from '../../domain/events/eventSchema';
import { isTooFarAhead, MAX_CLOCK_SKEW_MS, tooFarAheadMessage } from '../../domain/time/timeBounds';
import type { FieldError } from '../problem';
import { validationProblem } from '../problem';
import { fieldErrors } from '../zodErrors';

export interface RejectedEvent {
  index: number;
  id?: string;
  errors: FieldError[];
}

export interface ParsedBatch {
  /** Whether the body was `{ events: [...] }` (paths then start with `events.<index>`). */
  batch: boolean;
  valid: { index: number; event: CustomerEvent }[];
  rejected: RejectedEvent[];
}

/**
 * Splits a request body into valid events and rejected ones. One bad event never costs the good ones;
 * only a body with nothing valid at all is refused whole (as a 400 problem, thrown).
 */
export function parseEventBatch(body: unknown, receivedAt: Date): ParsedBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationProblem('The body must be one event object or { "events": [ ... ] }.', [
      { path: '(body)', message: 'expected a JSON object' },
    ]);
  }
  const batch = 'events' in body;
  const items = batch ? body.events : [body];
  if (!Array.isArray(items)) {
    throw validationProblem('`events` must be an array of events.', [
      { path: 'events', message: 'expected an array' },
    ]);
  }
  if (items.length === 0 || items.length > MAX_EVENTS_PER_BATCH) {
    throw validationProblem(
      `A batch holds 1 to ${MAX_EVENTS_PER_BATCH} events; this one has ${items.length}.`,
      [{ path: 'events', message: `must hold 1 to ${MAX_EVENTS_PER_BATCH} events` }],
    );
  }

  const now = receivedAt.toISOString();
  const result: ParsedBatch = { batch, valid: [], rejected: [] };
  items.forEach((item: unknown, index) => {
    const prefix = batch ? ['events', index] : [];
    const reject = (errors: FieldError[]) => {
      const id = (item as { id?: unknown } | null)?.id;
      result.rejected.push({ index, ...(typeof id === 'string' ? { id } : {}), errors });
    };
    const parsed = incomingEventSchema.safeParse(item);
    if (!parsed.success) return reject(fieldErrors(parsed.error, prefix));
    const e = parsed.data;
    if (e.occurredAt !== undefined && isTooFarAhead(e.occurredAt, receivedAt, MAX_CLOCK_SKEW_MS)) {
      return reject([
        {
          path: [...prefix, 'occurredAt'].join('.'),
          message: tooFarAheadMessage('occurredAt', receivedAt, MAX_CLOCK_SKEW_MS),
        },
      ]);
    }
    result.valid.push({
      index,
      event: {
        id: e.id,
        customerId: e.customerId,
        type: e.type,
        channel: e.channel,
        // Normalized to UTC so that ordering by string and by time agree everywhere downstream.
        occurredAt: e.occurredAt ? new Date(e.occurredAt).toISOString() : now,
        receivedAt: now,
        ...(e.text !== undefined ? { text: e.text } : {}),
        properties: e.properties ?? {},
      },
    });
  });
  return result;
}
