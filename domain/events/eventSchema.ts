import { z } from 'zod';
import { isoDateTime } from '../time/isoDateTime';
import { EVENT_CHANNELS, EVENT_TYPES } from './eventTypes';

export const MAX_EVENT_ID_LENGTH = 128;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_PROPERTIES_BYTES = 16 * 1024;
export const MAX_EVENTS_PER_BATCH = 500;

/** Customer ids end up in workflow ids and search attributes: keep them to a safe alphabet. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._:@+-]{1,128}$/;

const utf8Bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/** An event as a client sends it (DESIGN.md, "Events in"). */
export const incomingEventSchema = z
  .object({
    id: z
      .string({ error: 'id is required: it is the idempotency key of the event' })
      .min(1, 'id must not be empty')
      .max(MAX_EVENT_ID_LENGTH, `id must be at most ${MAX_EVENT_ID_LENGTH} characters`),
    customerId: z
      .string({ error: 'customerId is required' })
      .regex(CUSTOMER_ID_PATTERN, 'customerId must be 1–128 characters of A–Z a–z 0–9 . _ : @ + -'),
    type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}` }),
    channel: z.enum(EVENT_CHANNELS, { error: `channel must be one of ${EVENT_CHANNELS.join(', ')}` }),
    occurredAt: isoDateTime('occurredAt').optional(),
    text: z
      .string({ error: 'text must be a string' })
      .max(MAX_TEXT_LENGTH, `text must be at most ${MAX_TEXT_LENGTH} characters`)
      .optional(),
    properties: z
      .record(z.string(), z.unknown(), { error: 'properties must be an object' })
      .refine((p) => utf8Bytes(p) <= MAX_PROPERTIES_BYTES, `properties must be at most 16 KiB as JSON`)
      .optional(),
  })
  .superRefine((event, ctx) => {
    const props = event.properties ?? {};
    if (event.type === 'consent') {
      if (typeof props.channel !== 'string') {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', 'channel'],
          message: 'consent needs the channel it is about',
        });
      }
      if (props.status !== 'opted_in' && props.status !== 'opted_out') {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', 'status'],
          message: 'status must be opted_in or opted_out',
        });
      }
    }
    if (event.type === 'identify' && props.traits !== undefined) {
      if (!isPlainObject(props.traits)) {
        ctx.addIssue({ code: 'custom', path: ['properties', 'traits'], message: 'traits must be an object' });
      } else if (props.traits.timezone !== undefined && !isTimeZone(props.traits.timezone)) {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', 'traits', 'timezone'],
          message: 'timezone must be an IANA time zone such as Europe/Paris',
        });
      }
    }
    if (event.type === 'survey' && props.score !== undefined && typeof props.score !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['properties', 'score'],
        message: 'survey score must be a number',
      });
    }
  });

export type IncomingEvent = z.infer<typeof incomingEventSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
