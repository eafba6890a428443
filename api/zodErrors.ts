import type { z } from 'zod';
import type { FieldError } from './problem';

/** zod issues as `{ path, message }` with dotted paths (`events.3.customerId`), prefixed as needed. */
export function fieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    return { path: path.length > 0 ? path.join('.') : '(body)', message: issue.message };
  });
}
