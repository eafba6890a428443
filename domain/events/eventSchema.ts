import { z } from 'zod';
import { CATEGORIES, CHANNELS } from '../contact/types';
import { engagementProblems } from './engagement';
import { isoDateTime } from '../time/isoDateTime';
import { EVENT_CHANNELS, EVENT_TYPES } from './eventTypes';
import { freeFormObject } from './freeFormJson';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, toWellFormed } from './wellFormedText';

export const MAX_EVENT_ID_LENGTH = 128;
/** Resolving a case through the API records the event `resolve-{caseId}`, so a case id leaves room for that. */
export const MAX_CASE_ID_LENGTH = MAX_EVENT_ID_LENGTH - 'resolve-'.length;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_PROPERTIES_BYTES = 16 * 1024;
export const MAX_EVENTS_PER_BATCH = 500;

/** Customer ids end up in workflow ids and search attributes: keep them to a safe alphabet. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._:@+-]{1,128}$/;

/**
 * What a consent event may be about: any channel Tutti knows, whether it contacts through it (email, sms, push,
 * webhook) or hears on it. The name becomes a key of the customer's consent map, so it must be a plain name.
 */
export const CONSENT_CHANNELS: readonly string[] = [...new Set<string>([...CHANNELS, ...EVENT_CHANNELS])];

/**
 * A case_resolved's caseId is an id, not free text: repaired like free text (freeFormJson.ts), it could name
 * another case. Checked on the raw event, before the repair.
 */
function refuseBrokenCaseId(event: unknown, ctx: z.RefinementCtx): unknown {
  const { type, properties } = (isPlainObject(event) ? event : {}) as {
    type?: unknown;
    properties?: unknown;
  };
  const caseId = isPlainObject(properties) ? properties.caseId : undefined;
  if (type === 'case_resolved' && typeof caseId === 'string' && hasLoneSurrogate(caseId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['properties', 'caseId'],
      message: `caseId ${LONE_SURROGATE_MESSAGE}`,
    });
  }
  return event;
}

/** An event as a client sends it (docs/DESIGN.md, "Events in"). */
export const incomingEventSchema = z.preprocess(
  refuseBrokenCaseId,
  z
    .object({
      id: z
        .string({ error: 'id is required: it is the idempotency key of the event' })
        .min(1, 'id must not be empty')
        .max(MAX_EVENT_ID_LENGTH, `id must be at most ${MAX_EVENT_ID_LENGTH} characters`)
        // Two ids that differ only in a lone surrogate would be stored as one (wellFormedText.ts).
        .refine((id) => !hasLoneSurrogate(id), `id ${LONE_SURROGATE_MESSAGE}`),
      customerId: z
        .string({ error: 'customerId is required' })
        .regex(CUSTOMER_ID_PATTERN, 'customerId must be 1–128 characters of A–Z a–z 0–9 . _ : @ + -'),
      type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}` }),
      channel: z.enum(EVENT_CHANNELS, { error: `channel must be one of ${EVENT_CHANNELS.join(', ')}` }),
      occurredAt: isoDateTime('occurredAt').optional(),
      text: z
        .string({ error: 'text must be a string' })
        .max(MAX_TEXT_LENGTH, `text must be at most ${MAX_TEXT_LENGTH} characters`)
        // Free text: a lone surrogate (a pair cut in half) becomes U+FFFD, as every encoder downstream would make it.
        .transform(toWellFormed)
        .optional(),
      properties: freeFormObject('properties', MAX_PROPERTIES_BYTES).optional(),
    })
    .superRefine((event, ctx) => {
      const props = event.properties ?? {};
      if (event.type === 'consent') {
        if (typeof props.channel !== 'string' || !CONSENT_CHANNELS.includes(props.channel)) {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', 'channel'],
            message: `consent needs the channel it is about: one of ${CONSENT_CHANNELS.join(', ')}`,
          });
        }
        if (props.status !== 'opted_in' && props.status !== 'opted_out') {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', 'status'],
            message: 'status must be opted_in or opted_out',
          });
        }
        if (props.category !== undefined && !(CATEGORIES as readonly unknown[]).includes(props.category)) {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', 'category'],
            message: `category must be one of ${CATEGORIES.join(', ')}`,
          });
        }
      }
      if (event.type === 'engagement') {
        for (const { path, message } of engagementProblems(props))
          ctx.addIssue({ code: 'custom', path, message });
      }
      if (event.type === 'identify' && props.traits !== undefined) {
        if (!isPlainObject(props.traits)) {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', 'traits'],
            message: 'traits must be an object',
          });
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
    }),
);

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
