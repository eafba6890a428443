export { applyDecision } from './applyDecision';
export {
  ANSWERS_KEPT,
  answerFor,
  contactContextOf,
  decideDueMessages,
  emptyContactLedger,
  nextDueAt,
  pruneContactLedger,
  pruneSent,
  requestContact,
  sentMessageOf,
  suppressExcludedNow,
  withdrawScheduledMessages,
} from './contactLedger';
export type { ContactLedgerState, LedgerStep } from './contactLedger';
export {
  contactRequestFields,
  contactRequestProblems,
  contactRequestSchema,
  refinePersonalization,
} from './contactRequestSchema';
export { decideContact } from './decideContact';
export { activeExclusions, exclusionFor } from './exclusions';
export { nextAllowedTime } from './nextAllowedTime';
export { customerTimeZone, isInQuietHours, quietHoursEnd } from './quietHours';
export type { QuietWindow } from './quietHours';
export { compareRank, outranks } from './rank';
export type { Ranked } from './rank';
export { pickDueMessages, redecideAtSendTime } from './redecideAtSendTime';
export { capCovers } from './sendConstraints';
export { settleDecision } from './settleDecision';
export type { Redecision } from './settleDecision';
export {
  AUTO_CHANNEL,
  CATEGORIES,
  CHANNELS,
  DEFAULT_EXPIRY_MS,
  DEFAULT_PRIORITY,
  capReason,
  emptyContactContext,
  isMarketing,
  isRouted,
  MARKETING_CATEGORIES,
  OPTIMAL_SEND_TIME,
} from './types';
export type {
  BlockingReason,
  CapReason,
  CapUsage,
  Category,
  Channel,
  ConsentStatus,
  ContactAnswer,
  ContactContent,
  ChannelChoiceInputs,
  ContactContext,
  ContactDecision,
  ContactRequest,
  DecisionInputs,
  DecisionRecord,
  ExclusionReason,
  MarketingCategory,
  PendingDelivery,
  RenderFailureInputs,
  ReasonCode,
  RoutedContactRequest,
  ScheduledContact,
  ScheduledDecision,
  SentContact,
  SendTimeInputs,
  SentDecision,
  SuppressedDecision,
  WithdrawalInputs,
} from './types';
