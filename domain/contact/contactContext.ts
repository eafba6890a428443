import type { Category } from './category';
import type { Channel } from './channel';

export type ConsentStatus = 'opted_in' | 'opted_out';

/** A message that went out; the ledger keeps these for as long as the longest cap window reaches back. */
export interface SentContact {
  messageId: string;
  requestId: string;
  channel: Channel;
  category: Category;
  priority: number;
  sentAt: number;
}

/** A message deferred to a later time; it holds its slot until it is sent, displaced or suppressed. */
export interface ScheduledContact {
  messageId: string;
  requestId: string;
  channel: Channel;
  category: Category;
  priority: number;
  scheduledFor: number;
  expiresAt: number;
  /** When the request was first decided: between equal priorities, the earlier request ranks first. */
  requestedAt: number;
}

/**
 * Everything a contact decision needs to know about the customer. JSON-safe (arrays and plain records, epoch
 * ms) because the customer workflow carries it across continue-as-new.
 */
export interface ContactContext {
  /** Sent messages within the longest cap window (see pruneLedger), oldest first. */
  ledger: readonly SentContact[];
  scheduled: readonly ScheduledContact[];
  openCases: number;
  lastDisruptionAt?: number;
  /** The last time the customer's sentiment fell below the policy's negative threshold. */
  lastNegativeSentimentAt?: number;
  /** A channel without an entry has not been opted out of. */
  consent: Partial<Record<Channel, ConsentStatus>>;
  /** The customer's IANA zone (trait `timezone`); the policy's default zone otherwise. */
  timeZone?: string;
}

export const emptyContactContext: ContactContext = { ledger: [], scheduled: [], openCases: 0, consent: {} };
