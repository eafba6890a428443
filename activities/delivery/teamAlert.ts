import type { AlertSeverity } from '../../domain/alerts/alertSeverity';

/** A message to the brand's own team (not to the customer), e.g. "service case opened". */
export interface TeamAlert {
  /** Made in the workflow: the idempotency key of the alert, like messageId for customer messages. */
  alertId: string;
  workspace: string;
  customerId: string;
  title: string;
  text: string;
  caseId?: string;
  severity?: AlertSeverity;
  link?: string;
  /** What it is about, most important first: picks the team (policy `teams`) whose webhook hears it. */
  topics?: string[];
}

export interface AlertReceipt {
  alertId: string;
  /** `alerts`: no alert webhook is configured, the alerts collection is the destination. */
  adapter: 'alerts' | 'webhook';
  status: 'delivered' | 'already_delivered';
  /** The team (policy `teams`) it was routed to; absent for the default destination. */
  team?: string;
  /** ISO 8601. */
  deliveredAt: string;
}
