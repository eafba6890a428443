import { ADVOCACY_REENTRY_AFTER, advocacySettings, advocacyTrigger } from './advocacyRules';
import { cartOfTrigger, cartRecoverySettings, cartRecoveryTrigger } from './cartRecoveryRules';
import type { JourneyRegistration } from './journeyRegistration';
import { caseStillOpen, serviceRecoverySettings, serviceRecoveryTrigger } from './serviceRecoveryRules';
import { winBackSettings, winBackTrigger } from './winBackRules';

/**
 * Every journey, one line each: its workflow, the events that start it, its settings in the policy. The
 * customer workflow checks every applied event against these triggers, in this order; the policy schema
 * validates `journeys` with these settings. The workflow itself is exported from workflows/index.ts (a test
 * fails when a line here names a workflow the bundle lacks).
 */
export const journeyRegistry: readonly JourneyRegistration[] = [
  {
    name: 'serviceRecovery',
    workflowType: 'serviceRecoveryJourney',
    work: 'service',
    trigger: serviceRecoveryTrigger,
    settings: serviceRecoverySettings,
    startAfterEnd: caseStillOpen,
  },
  {
    name: 'advocacy',
    workflowType: 'advocacyJourney',
    work: 'marketing',
    trigger: advocacyTrigger,
    settings: advocacySettings,
    reentryAfter: ADVOCACY_REENTRY_AFTER,
  },
  {
    name: 'cartRecovery',
    workflowType: 'cartRecoveryJourney',
    work: 'marketing',
    trigger: cartRecoveryTrigger,
    settings: cartRecoverySettings,
    defaultGoal: 'purchase',
    conversionMatch: cartOfTrigger,
  },
  {
    name: 'winBack',
    workflowType: 'winBackJourney',
    work: 'marketing',
    trigger: winBackTrigger,
    settings: winBackSettings,
  },
];
