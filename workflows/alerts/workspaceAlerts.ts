import {
  ActivityFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { AlertsEvaluation } from '../../activities/alerts/evaluateAlerts';
import { incidentsToKeep, reconcileIncidents } from '../../domain/alerts/incidents';
import type { Incident } from '../../domain/alerts/incidents';
import { parseDuration } from '../../domain/policy/duration';
import type { WorkspaceAlertsInput } from './messages';
import { alertsPolicyChangedSignal } from './messages';

/** Closed incidents kept in state: far more than two windows' worth of any rule. */
const MAX_CLOSED_INCIDENTS = 200;
/** Rounds before continue-as-new: about a dozen events and a few KiB each, well under Temporal's limits. */
const ROUNDS_PER_RUN = 200;
/** How long to wait after a round that could not evaluate (storage down, a stored policy that is invalid). */
const RETRY_AFTER_FAILURE_MS = 60_000;

const { evaluateAlerts } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A round that cannot read is skipped; the next one, a minute later, evaluates the same hours again.
  scheduleToCloseTimeout: '5 minutes',
});
const { knownIncidents, openIncident, closeIncident, reopenIncident } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A webhook that is down is retried for a while; after that the store keeps the incident and its failure.
  scheduleToCloseTimeout: '30 minutes',
});

/**
 * One per workspace (docs/ALERTS.md): every `alerts.every` (or at once on `alertsPolicyChanged`) it evaluates
 * the alert rules over the last two windows' hours, reconciles the firing intervals with the incidents it
 * knows (domain/alerts/incidents.ts) and makes the changes known — one alert per incident opened, one
 * "resolved" per incident closed. A thin loop: the rules are in domain/alerts, the I/O in activities/alerts.
 */
export async function workspaceAlertsWorkflow(input: WorkspaceAlertsInput): Promise<never> {
  const { workspace } = input;
  let policyChanged = false;
  setHandler(alertsPolicyChangedSignal, () => {
    policyChanged = true;
  });
  // A first run (not continued as new) learns what the store knows: a restart mid-incident is not a new one.
  let incidents: Incident[] = input.incidents ?? (await storedIncidents(workspace));

  for (let round = 1; ; round++) {
    policyChanged = false;
    let waitMs = RETRY_AFTER_FAILURE_MS;
    let evaluation: AlertsEvaluation | undefined;
    try {
      evaluation = await evaluateAlerts({ workspace });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Alert rules could not be evaluated; trying again later', {
        workspace,
        error: String(error.cause),
      });
    }
    if (evaluation) {
      waitMs = parseDuration(evaluation.every);
      const changes = reconcileIncidents(incidents, evaluation.intervals, evaluation.hours);
      for (const { incident, evaluation: numbers } of changes.opened) {
        await effect('open', incident, () => openIncident({ workspace, incident, evaluation: numbers }));
      }
      for (const incident of changes.reopened) {
        await effect('reopen', incident, () => reopenIncident({ workspace, incident }));
      }
      for (const incident of changes.closed) {
        await effect('close', incident, () => closeIncident({ workspace, incident }));
      }
      incidents = incidentsToKeep(changes.incidents, MAX_CLOSED_INCIDENTS);
    }
    if (round >= (input.roundsPerRun ?? ROUNDS_PER_RUN) || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof workspaceAlertsWorkflow>({ ...input, incidents });
    }
    await condition(() => policyChanged, waitMs);
  }
}

/** The store's incidents of the workspace, waiting for storage as long as it takes. */
async function storedIncidents(workspace: string): Promise<Incident[]> {
  for (;;) {
    try {
      return await knownIncidents({ workspace, maxClosed: MAX_CLOSED_INCIDENTS });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Stored incidents could not be read; trying again later', { workspace });
      await sleep(RETRY_AFTER_FAILURE_MS);
    }
  }
}

/**
 * An incident's store write and message. One that fails for good (a webhook that refuses it, storage down
 * for half an hour) is logged and left: the incident stays known, so it is not announced again, and the
 * store says what failed.
 */
async function effect(what: string, incident: Incident, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn(`Could not ${what} incident ${incident.id}`, { error: String(error.cause) });
  }
}
