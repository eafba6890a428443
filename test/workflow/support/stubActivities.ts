import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../../activities';
import { scoreSentiment } from '../../../activities/scoreSentiment';

/**
 * Every activity, for a worker with no MongoDB and no receivers: the given stubs, the real sentiment scorer
 * (pure CPU), and for each of the others an activity that fails at once, without retries, naming itself — a
 * test that reaches an activity it did not expect says so instead of waiting on a retry.
 */
export function stubActivities(stubs: Partial<Activities>): Activities {
  return {
    scoreSentiment,
    projectCustomer: notStubbed('projectCustomer'),
    recordDecisions: notStubbed('recordDecisions'),
    currentPolicy: notStubbed('currentPolicy'),
    deliverMessage: notStubbed('deliverMessage'),
    sendTeamAlert: notStubbed('sendTeamAlert'),
    requestCustomerContact: notStubbed('requestCustomerContact'),
    recordJourneyStep: notStubbed('recordJourneyStep'),
    ...stubs,
  };
}

function notStubbed(name: keyof Activities): () => never {
  return () => {
    throw ApplicationFailure.nonRetryable(`${name} is not stubbed in this test`, 'NotStubbed');
  };
}
