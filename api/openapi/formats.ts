/**
 * Text formats the API checks in code (zod refinements, which `toJSONSchema` cannot express), written as JSON
 * Schema patterns so that readers and generated clients — and the fuzzer — know them. Each mirrors a check in
 * domain/; test/integration/openapi.test.ts compares the two, so they cannot drift apart silently.
 *
 * `[0-9]`, not `\d`: in many regex dialects (Python's, which schemathesis generates from) `\d` also matches
 * other scripts' digits, which the API refuses.
 */

/** domain/time/isoDateTime.ts: ISO 8601 with an explicit zone; seconds and fractions optional. */
export const DATE_TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$';

/** The same, or a calendar date alone (the start of that day in UTC), for range parameters. */
export const DATE_OR_DATE_TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?))?$';

/** domain/policy/duration.ts: a whole number and a unit. */
export const DURATION_PATTERN = '^[0-9]+(s|m|h|d)$';

/** domain/policy/clockTime.ts: 24-hour HH:MM. */
export const CLOCK_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** A time the API writes: always UTC, with milliseconds (`Date.prototype.toISOString`). */
export const UTC_TIME = {
  type: 'string',
  format: 'date-time',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$',
} as const;
