import { Router } from 'express';
import type { InferSchemaType } from 'mongoose';
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
  // `GET /v1/customers?atRisk=true`: customers with open cases or negative or declining sentiment.
  router.get('/v1/customers', async (req, res) => {
    if (req.query.atRisk !== 'true') {
      throw validationProblem('Listing customers needs a filter.', [
        { path: 'atRisk', message: 'must be true (the only listing there is)' },
      ]);
    }
    const limit = limitParam(req.query.limit, 100, 1000);
    const docs = await models.customers
      .find({ workspace: callerOf(res).workspace, atRisk: true })
      .sort({ lastEventAt: -1 })
      .limit(limit)
      .lean();
    res.json({ customers: docs.map(customerBody) });
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
