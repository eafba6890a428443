import { JOURNEY_REQUEST_ID_PREFIX } from '../../domain/journeys/journeysState';
import { z } from 'zod';
import { CATEGORIES, CHANNELS, DEFAULT_PRIORITY } from '../../domain/contact';
import { isoDateTime } from '../../domain/time/isoDateTime';

export const MAX_CONTENT_BYTES = 64 * 1024;

const utf8Bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/** A contact request as a client sends it (DESIGN.md, "Contact requests"). Times are ISO-8601. */
export const contactRequestSchema = z
  .object({
    id: z
      .string({ error: 'id is required: it is the idempotency key of the request' })
      .min(1, 'id must not be empty')
      .max(128, 'id must be at most 128 characters')
      // Journeys' own requests use this prefix; a client's must not collide with them (or be withdrawn with them).
      .refine(
        (id) => !id.startsWith(JOURNEY_REQUEST_ID_PREFIX),
        `id must not start with "${JOURNEY_REQUEST_ID_PREFIX}" (reserved for journeys)`,
      ),
    channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
    category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(', ')}` }),
    priority: z
      .number({ error: 'priority must be a number' })
      .int('priority must be a whole number')
      .min(0, 'priority must be between 0 and 100')
      .max(100, 'priority must be between 0 and 100')
      .default(DEFAULT_PRIORITY),
    campaign: z.string().max(128, 'campaign must be at most 128 characters').optional(),
    content: z
      .object({
        subject: z.string().optional(),
        body: z.string().optional(),
        template: z.string().optional(),
        data: z.record(z.string(), z.unknown()).optional(),
      })
      .refine((c) => utf8Bytes(c) <= MAX_CONTENT_BYTES, 'content must be at most 64 KiB as JSON')
      .optional(),
    notBefore: isoDateTime('notBefore').optional(),
    expiresAt: isoDateTime('expiresAt').optional(),
  })
  .strict()
  // Not a matter of timing but a contradiction in the request itself: it could never be sent.
  .refine((r) => !r.notBefore || !r.expiresAt || Date.parse(r.expiresAt) > Date.parse(r.notBefore), {
    path: ['expiresAt'],
    message: 'expiresAt must be after notBefore',
  });

export type IncomingContactRequest = z.infer<typeof contactRequestSchema>;
