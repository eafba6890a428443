import type { Client } from '@temporalio/client';
import type { Models } from '../storage/models';
import type { DeliveryConfig } from '../platform/config';
import { createEvaluateAlerts } from './alerts/evaluateAlerts';
import { createIncidentActivities } from './alerts/incidentActivities';
import { createCountReports } from './countReports';
import { createDeliverMessage } from './delivery/deliverMessage';
import { createSendTeamAlert } from './delivery/sendTeamAlert';
import { createRecordJourneyStep } from './journeys/recordJourneyStep';
import { createRequestCustomerContact } from './journeys/requestCustomerContact';
import { createReadWorkspaceEngagement } from './personalization/workspaceEngagement';
import { createPolicyReader, currentPolicyFrom } from './policy/currentPolicy';
import { createProjectCustomer } from './projectCustomer';
import { createRecordDecisions } from './recordDecisions';
import { createScoreSentiment } from './scoreSentiment';

export interface ActivityDependencies {
  models: Models;
  delivery: DeliveryConfig;
  /** Journeys reach the customer's ledger through the customer workflow's Update, sent with this client. */
  temporal: Client;
  /** How long a worker trusts the policy it read (default 30 s: a new version is in force within a minute). */
  policyTtlMs?: number;
}

/** Every activity the worker registers, bound to its dependencies. Workflows import the *type* only. */
export function createActivities(deps: ActivityDependencies) {
  // One policy cache for the decisions (currentPolicy) and the topic taxonomy (scoreSentiment).
  const readPolicy = createPolicyReader(deps.models, { ttlMs: deps.policyTtlMs });
  return {
    scoreSentiment: createScoreSentiment(readPolicy),
    projectCustomer: createProjectCustomer(deps.models),
    recordDecisions: createRecordDecisions(deps.models),
    countReports: createCountReports(deps.models),
    currentPolicy: currentPolicyFrom(readPolicy),
    deliverMessage: createDeliverMessage({ models: deps.models, config: deps.delivery }),
    sendTeamAlert: createSendTeamAlert({ models: deps.models, config: deps.delivery, readPolicy }),
    requestCustomerContact: createRequestCustomerContact(deps.temporal),
    recordJourneyStep: createRecordJourneyStep(deps.models),
    evaluateAlerts: createEvaluateAlerts(deps.models),
    readWorkspaceEngagement: createReadWorkspaceEngagement(deps.models),
    ...createIncidentActivities({ models: deps.models, config: deps.delivery }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { CustomerProjection } from './projectCustomer';
