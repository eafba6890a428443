import { Router } from 'express';
import { z } from 'zod';
import { defaultUpliftGoal, isKnownJourney } from '../../domain/reports/upliftGoal';
import { journeyRegistry } from '../../domain/journeys/registry';
import type { PolicyDocument } from '../../domain/policy';
import { contactPressureReport } from '../../domain/reports/contactPressureReport';
import { funnelReport } from '../../domain/reports/funnelReport';
import { roundOutToHours } from '../../domain/reports/hourRange';
import type { CounterFamily, CounterTotals, UpliftScope } from '../../domain/reports/reportCounters';
import { counterFamily } from '../../domain/reports/reportCounters';
import { upliftReport } from '../../domain/reports/upliftReport';
import type { Models } from '../../storage/models';
import { readCurrentPolicy } from '../../storage/policyStore';
import { callerOf } from '../auth';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { fieldErrors } from '../zodErrors';

/** storage/reportCounters.ts `readCounterTotals`: one family's counters of [from, to), summed over shards. */
export type CounterTotalsReader = (
  models: Models,
  workspace: string,
  from: Date,
  to: Date,
  family: CounterFamily,
) => Promise<CounterTotals>;

export interface ReportsDependencies {
  models: Models;
  readCounterTotals: CounterTotalsReader;
}

/** A campaign name is at most 128 characters (api/contacts/contactRequestSchema.ts); a journey's fewer. */
export const MAX_SCOPE_NAME = 128;

const scopeSchema = z
  .string({ error: 'scope must be a string' })
  .refine((scope) => /^(global|(journey|campaign):.+)$/u.test(scope), {
    message: 'must be global, journey:NAME or campaign:NAME (one line)',
  })
  .refine((scope) => [...scope.slice(scope.indexOf(':') + 1)].length <= MAX_SCOPE_NAME, {
    message: `must name a journey or campaign of at most ${MAX_SCOPE_NAME} characters`,
  })
  .transform((scope) => scope as UpliftScope);

const upliftQuery = z.object({
  ...rangeParameters,
  scope: scopeSchema.default('global'),
  goal: z.string({ error: 'goal must be a string' }).optional(),
});
const funnelQuery = z.object(rangeParameters);
const pressureQuery = z.object({
  ...rangeParameters,
  bucket: z.enum(['hour', 'day'], { error: 'must be hour or day' }).default('day'),
});

function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
  return parsed.data;
}

/** The query's range (api/queryRange.ts), rounded out to whole UTC hours: the counters are hourly. */
function reportRange(
  query: { from?: string; to?: string },
  now: Date,
  maxDays: number,
  what: string,
): { from: Date; to: Date } {
  const { from, to } = queryRange(query, now, maxDays, what);
  return roundOutToHours(from, to);
}

/**
 * The goal the uplift is measured on: the one asked for, which must be a goal of the policy in force; else
 * the scope's default (domain/reports/upliftGoal.ts). Throws a 400 naming `goal` when there is none.
 */
function upliftGoal(policy: PolicyDocument, scope: UpliftScope, asked: string | undefined): string {
  const goals = Object.keys(policy.goals);
  if (asked !== undefined && !Object.hasOwn(policy.goals, asked)) {
    throw validationProblem(`No goal ${asked} in the policy in force.`, [
      {
        path: 'goal',
        message: `must name a goal in the policy's goals (${goals.length > 0 ? goals.join(', ') : 'there are none'})`,
      },
    ]);
  }
  const goal = asked ?? defaultUpliftGoal(journeyRegistry, policy, scope);
  if (goal === undefined) {
    throw validationProblem('The policy in force has no goals.', [
      { path: 'goal', message: 'no default: the policy names no goal; add one to goals' },
    ]);
  }
  return goal;
}

/**
 * The reports of docs/DESIGN.md ("Reports"; docs/REPORTS.md): uplift, a journey's funnel and contact pressure,
 * each computed by domain/reports from the counter totals of the range — a few documents read by `_id`,
 * however many customers there are. The reader is injected (storage/reportCounters.ts in the app).
 */
export function reportsRouter({ models, readCounterTotals }: ReportsDependencies): Router {
  const router = Router();

  router.get('/v1/reports/uplift', async (req, res) => {
    const query = parse(upliftQuery, req.query);
    const { from, to } = reportRange(query, new Date(), MAX_RANGE_DAYS.day, 'an uplift report');
    const { workspace } = callerOf(res);
    const policy = await readCurrentPolicy(models, workspace);
    const { scope } = query;
    if (
      scope.startsWith('journey:') &&
      !isKnownJourney(journeyRegistry, policy, scope.slice('journey:'.length))
    ) {
      throw validationProblem(`No journey ${scope.slice('journey:'.length)}.`, [
        { path: 'scope', message: 'must name a journey of the registry or of the policy in force' },
      ]);
    }
    const goal = upliftGoal(policy, scope, query.goal);
    const totals = await readCounterTotals(models, workspace, from, to, counterFamily.uplift(scope));
    res.json({
      scope,
      goal,
      from: from.toISOString(),
      to: to.toISOString(),
      ...upliftReport(totals, scope, goal),
    });
  });

  router.get('/v1/reports/journeys/:name/funnel', async (req, res) => {
    const journey = String(req.params.name);
    const query = parse(funnelQuery, req.query);
    const { from, to } = reportRange(query, new Date(), MAX_RANGE_DAYS.day, 'a funnel');
    const { workspace } = callerOf(res);
    const policy = await readCurrentPolicy(models, workspace);
    if (!isKnownJourney(journeyRegistry, policy, journey)) {
      // A journey of the registry or the policy with no run in the range answers zeros instead.
      throw new HttpProblem(
        404,
        'Not found',
        `No journey ${journey} in the registry or the policy in force.`,
        {
          type: PROBLEM_TYPES.notFound,
        },
      );
    }
    const totals = await readCounterTotals(models, workspace, from, to, counterFamily.funnel(journey));
    res.json({ journey, from: from.toISOString(), to: to.toISOString(), ...funnelReport(totals, journey) });
  });

  router.get('/v1/reports/contact-pressure', async (req, res) => {
    const { bucket, ...query } = parse(pressureQuery, req.query);
    const { from, to } = reportRange(query, new Date(), MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
    const totals = await readCounterTotals(
      models,
      callerOf(res).workspace,
      from,
      to,
      counterFamily.contactPressure,
    );
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      ...contactPressureReport(totals, bucket),
    });
  });

  return router;
}
