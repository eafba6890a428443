import type { AlertsPolicy } from './policyDocument';

/** The alert rules of docs/DESIGN.md ("Policy additions"). */
export const defaultAlerts: AlertsPolicy = {
  every: '1h',
  nssDrop: { window: '24h', baseline: '7d', sigma: 2, minMentions: 20 },
  topicSpike: { window: '24h', baseline: '7d', sigma: 2, minMentions: 10 },
};
