export { alternativesInOrder, chooseChannel, MIN_CHANNELS_SEEN, MIN_MESSAGES_SEEN } from './chooseChannel';
export type { ChannelChoice, ChannelReason, ChannelsInPolicy } from './chooseChannel';
export { chooseSendTime, OPTIMAL_WINDOW_MS } from './chooseSendTime';
export type {
  AllowedTimes,
  SendTimeChoice,
  SendTimeExploration,
  SendTimeReason,
  SendTimeWindow,
} from './chooseSendTime';
export { ENGAGEMENT_HALF_LIFE_MS } from './decay';
export {
  emptyEngagementProfile,
  engagementsCounted,
  profileAsOf,
  recordDelivered,
  recordEngagement,
} from './engagementProfile';
export type { ChannelEngagement, EngagementProfile, ObservedEngagement } from './engagementProfile';
export { explores } from './exploration';
export { HOURS_OF_WEEK, hourOfWeekAt } from './hourOfWeek';
export { DEFAULT_EXPLORE_PERCENT, DEFAULT_FALLBACK_ORDER, DEFAULT_PRIOR_STRENGTH } from './defaults';
export { uniformWorkspaceProfile } from './workspaceProfile';
export type { WorkspaceProfile } from './workspaceProfile';
