export { longestCapWindowMs } from './capWindows';
export { isClockTimeText, parseClockTime } from './clockTime';
export type { ClockTimeText } from './clockTime';
export { defaultPolicy } from './defaultPolicy';
export { isDurationText, parseDuration } from './duration';
export type { DurationText } from './duration';
export type {
  AdvocacyJourneyPolicy,
  AlertRulePolicy,
  AlertsPolicy,
  CapPolicy,
  CartRecoveryJourneyPolicy,
  ChannelsPolicy,
  ExclusionsPolicy,
  GoalPolicy,
  GoalWhere,
  HoldoutPolicy,
  JourneysPolicy,
  PolicyBody,
  PolicyDocument,
  PolicyInForce,
  QuietHoursPolicy,
  SendTimePolicy,
  SentimentPolicy,
  ServiceRecoveryJourneyPolicy,
  TeamRoute,
} from './policyDocument';
export { MAX_CAPS, MAX_POLICY_DURATION, policyBodySchema, policyDocumentSchema } from './policySchema';
export { validatePolicy, validatePolicyBody } from './validatePolicy';
export type { PolicyValidation, PolicyValidationError } from './validatePolicy';
