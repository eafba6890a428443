import { z } from 'zod';
import {
  AUTO_CHANNEL,
  CATEGORIES,
  CHANNELS,
  isMarketing,
  MARKETING_CATEGORIES,
  OPTIMAL_SEND_TIME,
} from './types';
import type { Category } from './types';

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
  channel: z.enum([...CHANNELS, AUTO_CHANNEL], {
    error: `channel must be one of ${CHANNELS.join(', ')} or "${AUTO_CHANNEL}"`,
  }),
  sendAt: z.literal(OPTIMAL_SEND_TIME, {
    error: `sendAt must be "${OPTIMAL_SEND_TIME}" (or left out: the message goes as soon as it may)`,
  }),
  candidates: z
    .array(z.enum(CHANNELS, { error: `each candidate must be one of ${CHANNELS.join(', ')}` }), {
      error: 'candidates must be a list of channels',
    })
    .min(1, 'candidates must name at least one channel')
    .refine((list) => new Set(list).size === list.length, 'candidates must not repeat a channel'),
  category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(', ')}` }),
  priority: z
    .number({ error: 'priority must be a number' })
    .int('priority must be a whole number')
    .min(0, 'priority must be between 0 and 100')
    .max(100, 'priority must be between 0 and 100'),
};

/** The fields of a request that only make sense together, whichever schema reads them. */
interface PersonalizedFields {
  channel: string;
  category: Category;
  sendAt?: string;
  candidates?: unknown[];
}

/**
 * What "auto" and "optimal" refuse, for both schemas: `candidates` restrict what "auto" chooses among, so with a
 * fixed channel they mean nothing; "optimal" waits, and only marketing may wait (service and transactional
 * messages go when asked).
 */
export function refinePersonalization(request: PersonalizedFields, ctx: z.RefinementCtx): void {
  if (request.candidates !== undefined && request.channel !== AUTO_CHANNEL) {
    ctx.addIssue({
      code: 'custom',
      path: ['candidates'],
      message: `candidates are for "channel": "${AUTO_CHANNEL}" only`,
    });
  }
  if (request.sendAt === OPTIMAL_SEND_TIME && !isMarketing(request.category)) {
    ctx.addIssue({
      code: 'custom',
      path: ['sendAt'],
      message: `sendAt "${OPTIMAL_SEND_TIME}" is for marketing categories (${MARKETING_CATEGORIES.join(', ')})`,
    });
  }
}

/** zod's number is finite: NaN and ±Infinity are refused. */
const epochMs = (field: string) => z.number({ error: `${field} must be epoch milliseconds` });

/**
 * A contact request as the customer workflow receives it (`ContactRequest`): times in epoch ms, priority
 * given. Only what the decision relies on is checked; `campaign` and `content` pass as they are, and other
 * members are let through, not refused. Widening or narrowing it changes which Updates the workflow accepts.
 */
export const contactRequestSchema = z
  .object(
    {
      ...contactRequestFields,
      sendAt: contactRequestFields.sendAt.optional(),
      candidates: contactRequestFields.candidates.optional(),
      notBefore: epochMs('notBefore').optional(),
      expiresAt: epochMs('expiresAt').optional(),
    },
    { error: 'a contact request must be an object' },
  )
  .superRefine(refinePersonalization);

/**
 * What is wrong with a contact request, for the workflow's update validator: it must be synchronous, cheap
 * and deterministic (zod's safeParse is all three), and it guards the workflow against callers other than
 * our API, which validates with its own schema first.
 */
export function contactRequestProblems(request: unknown): string[] {
  const result = contactRequestSchema.safeParse(request);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
