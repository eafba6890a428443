import { Router } from 'express';
import { customerKey } from '../../storage/documentKeys';
import type { Models } from '../../storage/models';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { HttpProblem, PROBLEM_TYPES } from '../problem';

/**
 * `GET /v1/customers/{id}`: the customer's read model, as the customer's workflow last projected it
 * (milliseconds behind the workflow; the workflow's `state` query is the live view).
 */
export function customersRouter(models: Models): Router {
  const router = Router();
  router.get('/v1/customers/:customerId', async (req, res) => {
    const customerId = validCustomerId(req.params.customerId);
    const doc = await models.customers.findById(customerKey(callerOf(res).workspace, customerId)).lean();
    if (!doc) {
      throw new HttpProblem(404, 'Not found', `No customer ${customerId} in this workspace yet.`, {
        type: PROBLEM_TYPES.notFound,
      });
    }
    res.json({
      customerId: doc.customerId,
      traits: doc.traits as unknown,
      sentiment: doc.sentiment as unknown,
      openCases: doc.openCases as unknown[],
      activeJourneys: doc.activeJourneys,
      consent: doc.consent as unknown,
      counts: doc.counts as unknown,
      atRisk: doc.atRisk ?? false,
      lastEventAt: doc.lastEventAt ? doc.lastEventAt.toISOString() : null,
    });
  });
  return router;
}
