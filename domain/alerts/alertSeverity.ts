/** Severity of a team alert; it sets the emoji and wording of the Slack message. */
export type AlertSeverity = 'info' | 'warning' | 'critical';
