import { CATEGORIES } from '../contact/types';
import type { Category } from '../contact/types';

/** What happened to a message Tutti decided to send (docs/DESIGN.md, "Engagement and conversions"). */
export const ENGAGEMENT_ACTIONS = [
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type EngagementAction = (typeof ENGAGEMENT_ACTIONS)[number];

export const BOUNCE_KINDS = ['hard', 'soft'] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];

/** Engagement properties as the workflow reads them, once the event schema has checked them. */
export interface EngagementProperties {
  messageId: string;
  action: EngagementAction;
  url?: string;
  bounce?: BounceKind;
  /** An open or click by a privacy proxy or a link scanner, not a person. */
  machine?: boolean;
  /** `unsubscribed` from this category only. */
  category?: Category;
}

export const MAX_MESSAGE_ID_LENGTH = 128;

export interface PropertyProblem {
  path: string[];
  message: string;
}

/** What is wrong with an engagement event's properties; none when it can be applied. */
export function engagementProblems(props: Record<string, unknown>): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ path: ['properties', field], message });
  const { messageId, action, url, bounce, machine, category } = props;
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MAX_MESSAGE_ID_LENGTH) {
    problem(
      'messageId',
      `engagement needs the messageId of the message (a string of 1–${MAX_MESSAGE_ID_LENGTH} characters)`,
    );
  }
  if (typeof action !== 'string' || !(ENGAGEMENT_ACTIONS as readonly string[]).includes(action)) {
    problem('action', `action must be one of ${ENGAGEMENT_ACTIONS.join(', ')}`);
  }
  if (url !== undefined && typeof url !== 'string') problem('url', 'url must be a string');
  if (bounce !== undefined && !(BOUNCE_KINDS as readonly unknown[]).includes(bounce)) {
    problem('bounce', 'bounce must be hard or soft');
  }
  if (machine !== undefined && typeof machine !== 'boolean')
    problem('machine', 'machine must be true or false');
  if (category !== undefined && !(CATEGORIES as readonly unknown[]).includes(category)) {
    problem('category', `category must be one of ${CATEGORIES.join(', ')}`);
  }
  return problems;
}

/** The engagement properties of an event the schema accepted; undefined for anything else. */
export function engagementPropertiesOf(props: Record<string, unknown>): EngagementProperties | undefined {
  if (engagementProblems(props).length > 0) return undefined;
  const { url, bounce, machine, category } = props;
  return {
    messageId: props.messageId as string,
    action: props.action as EngagementAction,
    ...(typeof url === 'string' ? { url } : {}),
    ...(bounce !== undefined ? { bounce: bounce as BounceKind } : {}),
    ...(machine === true ? { machine: true } : {}),
    ...(category !== undefined ? { category: category as Category } : {}),
  };
}

/**
 * One engagement event as the read model records it: the first time of each action lands on the message's
 * ledger row, and the timeline shows the event with these flags.
 */
export interface EngagementRecord {
  messageId: string;
  action: EngagementAction;
  /** When it happened (the event's occurredAt). */
  at: string;
  url?: string;
  bounce?: BounceKind;
  /** An open or click by a machine: kept apart from people's. */
  machine: boolean;
  /** The customer's ledger knew the message. */
  known: boolean;
  /** The first of its (messageId, action, url) for a known message: counted in every metric. */
  counted: boolean;
}
