import { MARKETING_CATEGORIES } from '../contact/types';
import {
  DEFAULT_EXPLORE_PERCENT,
  DEFAULT_FALLBACK_ORDER,
  DEFAULT_PRIOR_STRENGTH,
} from '../personalization/defaults';
import { DEFAULT_TOPIC_RULES } from '../topics/defaultTopicRules';
import { defaultAlerts } from './defaultAlerts';
import type { PolicyDocument } from './policyDocument';

/** Version 1 of the policy, exactly as docs/DESIGN.md gives it. Lists are copies: nothing shares an array with it. */
export const defaultPolicy: PolicyDocument = {
  version: 1,
  caps: [
    { name: 'marketing-24h', categories: [...MARKETING_CATEGORIES], limit: 2, window: '24h' },
    { name: 'marketing-7d', categories: [...MARKETING_CATEGORIES], limit: 5, window: '7d' },
    { name: 'email-promotion-24h', channels: ['email'], categories: ['promotion'], limit: 1, window: '24h' },
    { name: 'sms-24h', channels: ['sms'], limit: 1, window: '24h' },
    { name: 'service-safety-24h', categories: ['service'], limit: 6, window: '24h' },
  ],
  quietHours: { start: '21:00', end: '08:00', defaultTimeZone: 'UTC', categories: [...MARKETING_CATEGORIES] },
  exclusions: {
    openCase: true,
    disruptionWindow: '72h',
    negativeSentimentWindow: '7d',
    categories: ['promotion', 'newsletter', 'reminder', 'advocacy'],
  },
  sentiment: { negativeBelow: -0.25, positiveAbove: 0.35 },
  journeys: {
    serviceRecovery: {
      enabled: true,
      resolutionSla: '24h',
      surveyAfter: '3d',
      offerForTiers: ['gold', 'platinum'],
    },
    advocacy: { enabled: true, askAfter: '2d', minScore: 0.6 },
    cartRecovery: { enabled: true, firstReminderAfter: '1h', secondChannelAfter: '24h', goal: 'purchase' },
  },
  goals: { purchase: { event: 'purchase', within: '7d' } },
  holdout: { globalPercent: 0, salt: 'tutti', journeys: {}, exemptCategories: ['transactional', 'service'] },
  // The default taxonomy for retail and travel, each topic with its definition (docs/TOPICS.md).
  topics: structuredClone<PolicyDocument['topics']>(DEFAULT_TOPIC_RULES),
  alerts: structuredClone(defaultAlerts),
  teams: [],
  channels: { fallbackOrder: [...DEFAULT_FALLBACK_ORDER] },
  sendTime: { explorePercent: DEFAULT_EXPLORE_PERCENT, priorStrength: DEFAULT_PRIOR_STRENGTH },
};
