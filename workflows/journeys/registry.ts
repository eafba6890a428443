import { ADVOCACY_REENTRY_AFTER, advocacyTrigger } from '../../domain/journeys/advocacyRules';
import { cartRecoveryTrigger } from '../../domain/journeys/cartRecoveryRules';
import type { JourneyRegistration } from '../../domain/journeys/journeyRegistration';
import { caseStillOpen, serviceRecoveryTrigger } from '../../domain/journeys/serviceRecoveryRules';
import { winBackTrigger } from '../../domain/journeys/winBackRules';

/**
 * Which events start which journey: one line per journey. The customer workflow checks every applied event
 * against these triggers, in this order. Add the workflow to workflows/index.ts as well.
 */
export const journeyRegistry: readonly JourneyRegistration[] = [
  {
    name: 'serviceRecovery',
    workflowType: 'serviceRecoveryJourney',
    trigger: serviceRecoveryTrigger,
    startAfterEnd: caseStillOpen,
  },
  {
    name: 'advocacy',
    workflowType: 'advocacyJourney',
    trigger: advocacyTrigger,
    reentryAfter: ADVOCACY_REENTRY_AFTER,
  },
  { name: 'cartRecovery', workflowType: 'cartRecoveryJourney', trigger: cartRecoveryTrigger },
  { name: 'winBack', workflowType: 'winBackJourney', trigger: winBackTrigger },
];
