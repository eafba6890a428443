import { z } from 'zod';
import { ROLES } from '../domain/access/roles';
import { isoDateTime } from '../domain/time/isoDateTime';

export const MAX_KEY_NAME_LENGTH = 100;

/** The body of `POST /v1/api-keys` (api/routes/apiKeys.ts), and of its OpenAPI schema. */
export const newApiKeySchema = z
  .object({
    name: z
      .string({ error: 'name must be a string' })
      .trim()
      .min(1, { error: 'name must not be empty' })
      .max(MAX_KEY_NAME_LENGTH, { error: `name must be at most ${MAX_KEY_NAME_LENGTH} characters` }),
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
    expiresAt: isoDateTime('expiresAt').optional(),
  })
  .strict();
