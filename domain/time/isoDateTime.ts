import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * ISO 8601 date-time with an explicit zone: `Z`, `+01:00`, `+0100` or `+01`; seconds and fractions are
 * optional (`2026-11-23T09:30Z`). A time without a zone is refused: it would mean the server's zone, which
 * the caller cannot know.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
/** A calendar date alone, for range parameters: the start of that day in UTC. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form every normalized time takes (`Date.prototype.toISOString`): most clients send exactly this. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A time already in the normalized form is its own answer when it is a real instant (no 24:00, no 31 April:
 * those come out of Date as another string). Ingest checks every event's time: luxon's parse costs several
 * times this, on the hot path (docs/BENCHMARKS.md, "Coalesced receipts").
 */
function canonicalAsIs(value: string): string | undefined {
  if (!CANONICAL.test(value)) return undefined;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value ? value : undefined;
}

function parse(value: string, allowDate: boolean): DateTime | undefined {
  if (!DATE_TIME.test(value) && !(allowDate && DATE.test(value))) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed : undefined;
}

/**
 * A date-time field as clients send it, normalized to UTC (`2026-11-23T08:30:00.000Z`), so that stored
 * times sort as strings and every bucket key is computed the same way.
 */
export function isoDateTime(field: string, { allowDate = false }: { allowDate?: boolean } = {}) {
  const example = allowDate
    ? '2026-11-23, 2026-11-23T09:30:00Z'
    : '2026-11-23T09:30:00Z or 2026-11-23T10:30+01:00';
  const message = `${field} must be an ISO 8601 ${allowDate ? 'date or ' : ''}date-time with a time zone, e.g. ${example}`;
  return z.string({ error: `${field} must be a string` }).transform((value, ctx) => {
    const asIs = canonicalAsIs(value);
    if (asIs !== undefined) return asIs;
    const parsed = parse(value, allowDate);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return parsed.toUTC().toISO() as string;
  });
}
