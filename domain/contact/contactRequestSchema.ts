import { z } from 'zod';
import { CATEGORIES, CHANNELS } from './types';

const ID_TOO_LONG = 'id must be at most 128 characters';

/**
 * The rules of a contact request's fields, written once. The API's schema
 * (api/contacts/contactRequestSchema.ts) builds on them, adding what only a client's request needs (ISO
 * times, the default priority, the journeys' reserved id prefix, content limits); the customer workflow's
 * update validator checks requests against `contactRequestSchema` below. The messages are the ones the API
 * answers with.
 */
export const contactRequestFields = {
  id: z
    .string({ error: 'id is required: it is the idempotency key of the request' })
    .min(1, 'id must not be empty')
    .max(128, ID_TOO_LONG)
    // zod counts code points; an id is measured in UTF-16 units (`length`), as the workflow always has, so
    // 128 emoji are 256 units and too long. Looked at only when `max` found nothing, so it is named once.
    .refine((id) => id.length <= 128, {
      message: ID_TOO_LONG,
      when: (payload) => payload.issues.length === 0,
    }),
  channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
  category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(', ')}` }),
  priority: z
    .number({ error: 'priority must be a number' })
    .int('priority must be a whole number')
    .min(0, 'priority must be between 0 and 100')
    .max(100, 'priority must be between 0 and 100'),
};

/** zod's number is finite: NaN and ±Infinity are refused. */
const epochMs = (field: string) => z.number({ error: `${field} must be epoch milliseconds` });

/**
 * A contact request as the customer workflow receives it (`ContactRequest`): times in epoch ms, priority
 * given. Only what the decision relies on is checked; `campaign` and `content` pass as they are, and other
 * members are let through, not refused. Widening or narrowing it changes which Updates the workflow accepts.
 */
export const contactRequestSchema = z.object(
  {
    ...contactRequestFields,
    notBefore: epochMs('notBefore').optional(),
    expiresAt: epochMs('expiresAt').optional(),
  },
  { error: 'a contact request must be an object' },
);

/**
 * What is wrong with a contact request, for the workflow's update validator: it must be synchronous, cheap
 * and deterministic (zod's safeParse is all three), and it guards the workflow against callers other than
 * our API, which validates with its own schema first.
 */
export function contactRequestProblems(request: unknown): string[] {
  const result = contactRequestSchema.safeParse(request);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
