import type { Category } from './category';
import type { Channel } from './channel';

export interface ContactContent {
  subject?: string;
  body?: string;
  template?: string;
  data?: Record<string, unknown>;
}

/** An outbound message someone wants to send; the customer workflow decides whether, when, or never. */
export interface ContactRequest {
  /** The idempotency key: the same id gets the same answer. */
  id: string;
  channel: Channel;
  category: Category;
  /** 0..100; higher wins slots and goes first when several messages are due together. */
  priority: number;
  campaign?: string;
  content?: ContactContent;
  /** Epoch ms before which it must not go out. */
  notBefore?: number;
  /** Epoch ms from which it must no longer go out. */
  expiresAt?: number;
}

export const DEFAULT_PRIORITY = 50;

/**
 * A request without `expiresAt` expires this long after it could first go out (its `notBefore`, else the
 * moment it was decided), so that a message asked for "in three days" is not dead on arrival.
 */
export const DEFAULT_EXPIRY_MS = 24 * 3_600_000;
