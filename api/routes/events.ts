import { Router } from 'express';
import type { Counter } from 'prom-client';
import type { AlertsWorkflows } from '../alertsWorkflows';
import type { IngestEvents } from '../ingest/eventIngestion';
import { WorkflowUnreachableError } from '../ingest/eventIngestion';
import { parseEventBatch } from '../ingest/parseEventBatch';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { requireJson } from '../requireJson';

/** `POST /v1/events`: one event or a batch; valid events are taken even when others are rejected. */
export function eventsRouter(
  ingestEvents: IngestEvents,
  counted?: Counter<'outcome'>,
  alerts?: Pick<AlertsWorkflows, 'ensureRunning'>,
): Router {
  const router = Router();
  router.post('/v1/events', requireJson, async (req, res) => {
    const parsed = parseEventBatch(req.body, new Date());
    counted?.inc({ outcome: 'rejected' }, parsed.rejected.length);
    if (parsed.valid.length === 0) {
      const errors = parsed.rejected.flatMap((r) => r.errors);
      throw validationProblem(
        parsed.batch ? 'No event in the batch is valid; nothing was accepted.' : 'The event is not valid.',
        errors,
        parsed.batch ? { rejected: parsed.rejected } : {},
      );
    }
    try {
      const workspace = callerOf(res).workspace;
      const result = await ingestEvents(
        workspace,
        parsed.valid.map((v) => v.event),
      );
      // The workspace's alerts workflow, started by the first event this process takes for it (docs/ALERTS.md).
      alerts?.ensureRunning(workspace);
      counted?.inc({ outcome: 'accepted' }, result.accepted);
      counted?.inc({ outcome: 'duplicate' }, result.duplicates);
      res
        .status(202)
        .json({ ...result, ...(parsed.rejected.length > 0 ? { rejected: parsed.rejected } : {}) });
    } catch (error) {
      if (error instanceof WorkflowUnreachableError) {
        res.set('Retry-After', '1');
        throw new HttpProblem(
          503,
          'Temporarily unavailable',
          'Some events could not reach their customer workflows. Send the same request again: events already taken are recognised by id and not applied twice.',
          { type: PROBLEM_TYPES.unavailable, failedCustomers: error.failedCustomers },
        );
      }
      throw error;
    }
  });
  return router;
}
