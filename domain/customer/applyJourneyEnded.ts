import type { JourneyStart } from '../journeys/decideJourneyStarts';
import { decideDeferredStart } from '../journeys/decideJourneyStarts';
import type { JourneyRegistration } from '../journeys/journeyRegistration';
import type { JourneyEnded } from '../journeys/journeysState';
import { endJourney, journeyRequestIdPrefix } from '../journeys/journeysState';
import type { PolicyInForce } from '../policy';
import type { ContactLedgerState, DecisionRecord } from '../contact';
import { withdrawScheduledMessages } from '../contact';
import type { CustomerState } from './customerState';

export interface JourneyEndedStep {
  state: CustomerState;
  ledger: ContactLedgerState;
  /** Withdrawals to mirror. */
  records: DecisionRecord[];
  /** Journeys to start now: a trigger the ended run had deferred. */
  starts: JourneyStart[];
}

/**
 * What the customer workflow does when a journey reports its end: forgets it as active; unless it completed,
 * withdraws the messages it scheduled that have not gone out (its reason to send is gone); and starts the next
 * run for a trigger that fired while it was active, if the registration still wants one. A notice for a
 * journey that is not active (a repeat, or a synthetic one after the real one) changes nothing.
 */
export function applyJourneyEnded(
  state: CustomerState,
  ledger: ContactLedgerState,
  ended: JourneyEnded,
  registrations: readonly JourneyRegistration[],
  policy: PolicyInForce,
  now: number,
): JourneyEndedStep {
  const journey = state.journeys.active.find((j) => j.journeyId === ended.journeyId);
  if (!journey) return { state, ledger, records: [], starts: [] };
  let next: CustomerState = {
    ...state,
    journeys: endJourney(state.journeys, ended),
    version: state.version + 1,
  };
  const withdrawal =
    ended.status === 'completed'
      ? { ledger, records: [] }
      : withdrawScheduledMessages(
          ledger,
          journeyRequestIdPrefix(journey.name, journey.run),
          { withdrawnBy: journey.journeyId, why: `${ended.status}:${ended.reason}` },
          policy.version,
          now,
        );
  const deferred = decideDeferredStart(registrations, next.journeys, journey.name, next, policy, now);
  next = { ...next, journeys: deferred.journeys };
  return { state: next, ledger: withdrawal.ledger, records: withdrawal.records, starts: deferred.starts };
}
