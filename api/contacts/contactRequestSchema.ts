import { JOURNEY_REQUEST_ID_PREFIX } from '../../domain/journeys/journeysState';
import { z } from 'zod';
import { contactRequestFields, DEFAULT_PRIORITY, refinePersonalization } from '../../domain/contact';
import { freeFormObject } from '../../domain/events/freeFormJson';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, toWellFormed } from '../../domain/events/wellFormedText';
import { isoDateTime } from '../../domain/time/isoDateTime';
import { isTooFarAhead, MAX_SCHEDULE_AHEAD_MS, tooFarAheadMessage } from '../../domain/time/timeBounds';

/**
 * The whole `content` as JSON. A transactional email's HTML body fits; the request travels in an Update and,
 * while it is scheduled, in the customer's workflow state, so it must stay far below Temporal's 2 MB payloads.
 */
export const MAX_CONTENT_BYTES = 64 * 1024;

const utf8Bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/** Free text of a message: a lone surrogate becomes U+FFFD, as any encoder downstream would make it. */
const text = (field: string) => z.string({ error: `${field} must be a string` }).transform(toWellFormed);

/** Two ids that differ only in a lone surrogate would be stored as one (wellFormedText.ts): refused. */
const wellFormed = (field: string) =>
  [(id: string) => !hasLoneSurrogate(id), `${field} ${LONE_SURROGATE_MESSAGE}`] as const;

/**
 * A contact request as a client sends it (DESIGN.md, "Contact requests"). Times are ISO-8601. The id,
 * channel, category and priority, and what "auto" and "optimal" refuse, follow the rules the customer
 * workflow checks too (domain/contact/contactRequestSchema.ts).
 */
export const incomingContactRequestSchema = z
  .object({
    id: contactRequestFields.id
      .refine(...wellFormed('id'))
      // Journeys' own requests use this prefix; a client's must not collide with them (or be withdrawn with them).
      .refine(
        (id) => !id.startsWith(JOURNEY_REQUEST_ID_PREFIX),
        `id must not start with "${JOURNEY_REQUEST_ID_PREFIX}" (reserved for journeys)`,
      ),
    channel: contactRequestFields.channel,
    sendAt: contactRequestFields.sendAt.optional(),
    candidates: contactRequestFields.candidates.optional(),
    category: contactRequestFields.category,
    priority: contactRequestFields.priority.default(DEFAULT_PRIORITY),
    campaign: z
      .string({ error: 'campaign must be a string' })
      .max(128, 'campaign must be at most 128 characters')
      .refine(...wellFormed('campaign'))
      .optional(),
    content: z
      .object({
        subject: text('content.subject').optional(),
        body: text('content.body').optional(),
        template: text('content.template').optional(),
        data: freeFormObject('content.data', MAX_CONTENT_BYTES).optional(),
      })
      .refine(
        (c) => utf8Bytes(c) <= MAX_CONTENT_BYTES,
        `content must be at most ${MAX_CONTENT_BYTES / 1024} KiB as JSON`,
      )
      .optional(),
    notBefore: isoDateTime('notBefore').optional(),
    expiresAt: isoDateTime('expiresAt').optional(),
  })
  .strict()
  .superRefine(refinePersonalization)
  // Not a matter of timing but a contradiction in the request itself: it could never be sent.
  .refine((r) => !r.notBefore || !r.expiresAt || Date.parse(r.expiresAt) > Date.parse(r.notBefore), {
    path: ['expiresAt'],
    message: 'expiresAt must be after notBefore',
  });

export type IncomingContactRequest = z.infer<typeof incomingContactRequestSchema>;

/** Times too far ahead to be meant (timeBounds.ts); the schema cannot say, since it has no clock. */
export function farFutureProblems(
  request: Pick<IncomingContactRequest, 'notBefore' | 'expiresAt'>,
  now: Date,
): { path: string; message: string }[] {
  return (['notBefore', 'expiresAt'] as const)
    .filter((field) => {
      const time = request[field];
      return time !== undefined && isTooFarAhead(time, now, MAX_SCHEDULE_AHEAD_MS);
    })
    .map((field) => ({ path: field, message: tooFarAheadMessage(field, now, MAX_SCHEDULE_AHEAD_MS) }));
}
