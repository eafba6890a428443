import { Router } from 'express';
import type { InferSchemaType } from 'mongoose';
import type { AtRiskCursor } from '../../domain/customer/atRiskPage';
import { atRiskPage } from '../../domain/customer/atRiskPage';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import { readAtRiskMembers } from '../../storage/atRiskSet';
import { currentJourneySteps, LIST_READ_LANES } from '../../storage/customerLists';
import { customerKey } from '../../storage/documentKeys';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import type { customerSchema } from '../../storage/models/customer';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';

/**
 * `GET /v1/customers/{id}`: the customer's read model, as the customer's workflow last projected it
 * (milliseconds behind the workflow; the workflow's `state` query is the live view).
 */
export function customersRouter(models: Models): Router {
  const router = Router();
  // `GET /v1/customers?atRisk=true&limit=&cursor=`: customers with open cases or negative or declining
  // sentiment, latest activity first, a page at a time — from the at-risk set kept at write time
  // (storage/atRiskSet.ts) and each customer's documents by `_id`: no filter over the customers.
  router.get('/v1/customers', async (req, res) => {
    if (req.query.atRisk !== 'true') {
      throw validationProblem('Listing customers needs a filter.', [
        { path: 'atRisk', message: 'must be true (the only listing there is)' },
      ]);
    }
    const limit = limitParam(req.query.limit, 100, 1000);
    const after = cursorParam(req.query.cursor);
    const { workspace } = callerOf(res);
    const page = atRiskPage(await readAtRiskMembers(models, workspace), limit, after);
    const results = await mapWithConcurrency(page.members, LIST_READ_LANES, (member) =>
      atRiskCustomer(models, workspace, member.customerId),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    res.json({
      customers: results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : [])),
      nextCursor: page.next ? encodeAtRiskCursor(page.next) : null,
    });
  });

  router.get('/v1/customers/:customerId', async (req, res) => {
    const customerId = validCustomerId(req.params.customerId);
    const doc = await models.customers.findById(customerKey(callerOf(res).workspace, customerId)).lean();
    if (!doc) {
      throw new HttpProblem(404, 'Not found', `No customer ${customerId} in this workspace yet.`, {
        type: PROBLEM_TYPES.notFound,
      });
    }
    res.json(customerBody(doc));
  });
  return router;
}

type CustomerDoc = InferSchemaType<typeof customerSchema>;

function customerBody(doc: CustomerDoc) {
  return {
    customerId: doc.customerId,
    traits: decodeFreeForm(doc.traits),
    sentiment: doc.sentiment as unknown,
    openCases: doc.openCases as unknown[],
    activeJourneys: doc.activeJourneys,
    journeys: doc.journeys as unknown[],
    consent: doc.consent as unknown,
    ...(doc.categoryConsent ? { categoryConsent: doc.categoryConsent as unknown } : {}),
    ...(doc.unreachable ? { unreachable: doc.unreachable as unknown } : {}),
    counts: doc.counts as unknown,
    ...(doc.negativeTopics ? { negativeTopics: doc.negativeTopics as unknown } : {}),
    atRisk: doc.atRisk ?? false,
    lastEventAt: doc.lastEventAt ? doc.lastEventAt.toISOString() : null,
    // Projected before holdouts existed: nobody was held out then.
    groups: (doc.groups as unknown) ?? { global: 'treatment', journeys: {} },
  };
}

/**
 * A member of the at-risk set as the listing shows them: their read model, each active journey with the step it
 * is at (the newest step it recorded). Absent when their read model no longer says at risk: a membership
 * change lost between two worker processes on FerretDB (storage/atRiskSet.ts) shows nobody wrongly.
 */
async function atRiskCustomer(models: Models, workspace: string, customerId: string) {
  const doc = await models.customers.findById(customerKey(workspace, customerId)).lean();
  if (!doc || doc.atRisk !== true) return undefined;
  const body = customerBody(doc);
  const journeys = (doc.journeys ?? []) as { journeyId?: unknown }[];
  const ids = journeys.flatMap((j) => (typeof j.journeyId === 'string' ? [j.journeyId] : []));
  const steps = await currentJourneySteps(models, workspace, customerId, ids);
  return {
    ...body,
    journeys: journeys.map((journey) => {
      const step = typeof journey.journeyId === 'string' ? steps.get(journey.journeyId) : undefined;
      return {
        ...journey,
        currentStep: step
          ? {
              step: step.step,
              at: new Date(step.at).toISOString(),
              detail: decodeFreeForm(step.detail) ?? {},
            }
          : null,
      };
    }),
  };
}

/** `cursor`: where the previous page ended (its `nextCursor`), or absent for the first page. */
function cursorParam(value: unknown): AtRiskCursor | undefined {
  if (value === undefined) return undefined;
  const cursor = typeof value === 'string' ? decodeAtRiskCursor(value) : undefined;
  if (!cursor) {
    throw validationProblem('The cursor is not valid.', [
      { path: 'cursor', message: 'must be the nextCursor of a previous page' },
    ]);
  }
  return cursor;
}

/** The cursor as the API hands it out: opaque, URL-safe (base64url of `[lastEventAt, customerId]`). */
export function encodeAtRiskCursor(cursor: AtRiskCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastEventAt, cursor.customerId]), 'utf8').toString('base64url');
}

/** A cursor back, or undefined when the text is not one this API made. */
export function decodeAtRiskCursor(text: string): AtRiskCursor | undefined {
  if (text.length === 0 || text.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [lastEventAt, customerId] = value as unknown[];
    if (typeof lastEventAt !== 'number' || !Number.isSafeInteger(lastEventAt) || lastEventAt < 0)
      return undefined;
    if (typeof customerId !== 'string' || customerId.length === 0) return undefined;
    return { lastEventAt, customerId };
  } catch {
    return undefined;
  }
}
