import { z } from 'zod';
import { durationMs, isDurationText, parseDuration } from './duration';

/**
 * The building blocks every part of the policy is validated with — caps, quiet hours, sentiment and each
 * journey's settings (domain/journeys/journeySettings.ts) — so a wrong value reads the same wherever it is.
 */

/** Longer windows would make the contact ledger, which must reach back that far, too long to carry around. */
export const MAX_POLICY_DURATION = '365d';
const maxDurationMs = parseDuration(MAX_POLICY_DURATION);

/**
 * Names of journeys and of a journey's own settings: they become keys of the stored policy document, and a
 * journey's name part of workflow ids, so letters, digits, `_` and `-`, starting with a letter.
 */
const SETTING_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SETTING_NAME_RULE = 'must be 1–64 characters of A–Z a–z 0–9 _ -, starting with a letter';

/**
 * Which rules a policy is held to. A new version (`PUT /v1/policy`) must pass every rule. A version already
 * stored is read back with the rules it was published under: rules added since (names a team chose for its
 * journeys and their settings, bounds on their durations) must not make a policy in force unreadable, which
 * would stop every decision of the workspace.
 */
export type Strictness = 'publishing' | 'stored';

/** The message for a wrong value, or "is required" when the field is missing altogether. */
export const expecting =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${what}`;

export const object = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, { error: expecting('an object') });

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A policy duration such as "24h"; `zero` where "0s" means "at once", `positive` where it would mean nothing. */
export function duration(minimum: 'zero' | 'positive') {
  const hint = 'a duration such as "90s", "15m", "24h" or "7d"';
  return z.string({ error: expecting(hint) }).superRefine((text, ctx) => {
    const problem = durationProblem(text, minimum);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** What is wrong with a duration text, if anything: its form, zero where that means nothing, or its length. */
export function durationProblem(text: string, minimum: 'zero' | 'positive'): string | undefined {
  if (!isDurationText(text)) return 'must be a duration such as "90s", "15m", "24h" or "7d"';
  const ms = durationMs(text);
  if (ms === undefined || ms > maxDurationMs) return `must be at most ${MAX_POLICY_DURATION}`;
  if (minimum === 'positive' && ms === 0) return 'must be longer than zero';
  return undefined;
}

/** A sentiment score, on the scorer's scale. */
export const score = (what: string) =>
  z
    .number({ error: expecting(`a number (${what})`) })
    .min(-1, 'must be at least -1')
    .max(1, 'must be at most 1');

export const flag = z.boolean({ error: expecting('true or false') });

/** A goal's name as `goals` keys it and journeys name it (`journeys.cartRecovery.goal`). */
export const goalName = z
  .string({ error: expecting('the name of a goal in goals') })
  .regex(SETTING_NAME_PATTERN, `must be the name of a goal in goals: it ${SETTING_NAME_RULE}`);

/**
 * A share of customers in percent, from 0 to 100 in steps of 0.01: holdouts split customers into 10,000
 * buckets, so a finer share could not be honoured.
 */
export const percent = z
  .number({ error: expecting('a percentage from 0 to 100') })
  .min(0, 'must be at least 0')
  .max(100, 'must be at most 100')
  .refine(
    (value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
    'must be in steps of 0.01 (customers are split into 10,000 buckets)',
  );

/** A non-empty list without repeats: an empty list would read as "covers nothing", not "covers all". */
export function uniqueList<T extends string>(item: z.ZodType<T>, { allowEmpty }: { allowEmpty: boolean }) {
  return z.array(item, { error: expecting('a list') }).superRefine((items, ctx) => {
    if (!allowEmpty && items.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be empty: leave the field out to cover everything' });
    }
    items.forEach((value, index) => {
      if (items.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${JSON.stringify(value)}` });
      }
    });
  });
}

/**
 * Names a team chose are checked on the raw object: zod's own copy silently drops a `__proto__` key, and
 * `$`, `.` or NUL in a key could not be stored as the policy document.
 */
export function withSafeNames<T extends z.ZodType>(schema: T, what: string) {
  return z.preprocess((value, ctx) => {
    if (!isRecord(value)) return value;
    for (const key of Object.keys(value)) {
      if (!SETTING_NAME_PATTERN.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${what} ${SETTING_NAME_RULE}` });
      }
    }
    return value;
  }, schema);
}

/**
 * A superRefine for a list of named items (`caps`, `topics`): each name after its first use is an error at
 * `<index>.name` naming the first (`repeats the name of caps.0`). Reads any input a client sent.
 */
export function noRepeatedNames(listName: string) {
  return (list: unknown, ctx: z.RefinementCtx): void => {
    if (!Array.isArray(list)) return;
    const first = new Map<string, number>();
    list.forEach((item: unknown, index) => {
      const name: unknown = isRecord(item) ? item.name : undefined;
      if (typeof name !== 'string') return;
      const at = first.get(name);
      if (at === undefined) first.set(name, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `repeats the name of ${listName}.${at}`,
        });
    });
  };
}
