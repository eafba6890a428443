export { applyDecision } from './applyDecision';
export { capCovers } from './capCoverage';
export { CATEGORIES, isMarketing, MARKETING_CATEGORIES } from './category';
export type { Category, MarketingCategory } from './category';
export { CHANNELS } from './channel';
export type { Channel } from './channel';
export { emptyContactContext } from './contactContext';
export type { ConsentStatus, ContactContext, ScheduledContact, SentContact } from './contactContext';
export type {
  CapUsage,
  ContactDecision,
  DecisionInputs,
  ScheduledDecision,
  SentDecision,
  SuppressedDecision,
} from './contactDecision';
export { DEFAULT_EXPIRY_MS, DEFAULT_PRIORITY } from './contactRequest';
export type { ContactContent, ContactRequest } from './contactRequest';
export { customerTimeZone } from './customerTimeZone';
export { decideContact } from './decideContact';
export { activeExclusions, exclusionFor } from './exclusions';
export { nextAllowedTime } from './nextAllowedTime';
export { pickDueMessages } from './pickDueMessages';
export { pruneLedger } from './pruneLedger';
export { isInQuietHours, quietHoursEnd } from './quietHours';
export type { QuietWindow } from './quietHours';
export { compareRank, outranks } from './rank';
export type { Ranked } from './rank';
export { capReason } from './reasonCode';
export type { BlockingReason, CapReason, ExclusionReason, ReasonCode } from './reasonCode';
export { redecideAtSendTime } from './redecideAtSendTime';
export { settleDecision } from './settleDecision';
export type { Redecision } from './settleDecision';
