import { parseDuration } from '../policy/duration';
import type { CapPolicy, PolicyInForce } from '../policy/policyDocument';
import type { PendingContact } from './pendingContact';
import { customerTimeZone, quietHoursEnd } from './quietHours';
import type { QuietWindow } from './quietHours';
import { outranks, rankOf } from './rank';
import { countInWindow, nextSlotChange, windowHasRoom } from './rollingWindow';
import type { BlockingReason, Category, Channel, ContactContext, ScheduledContact } from './types';
import { capReason, isMarketing } from './types';

/** One cap that covers the pending message, with the sends that count against it. */
export interface CapConstraint {
  cap: CapPolicy;
  windowMs: number;
  /** Times of sent messages it covers. */
  sent: number[];
  /** Times of scheduled messages it covers that rank above the pending one: their slots are taken. */
  reserved: number[];
}

/** What stands between one pending message and the customer, apart from consent and exclusions. */
export interface SendConstraints {
  timeZone: string;
  quietHours?: QuietWindow;
  caps: CapConstraint[];
}

export interface Blocker {
  reason: BlockingReason;
  /** The earliest instant worth looking at again: nothing can change before it. */
  retryAt: number;
}

/**
 * Transactional is never capped. Service is capped only by caps that name it, so a channel-wide marketing
 * cap such as "sms 1 per 24h" cannot hold back an apology; only the safety cap can.
 */
export function capCovers(cap: CapPolicy, channel: Channel, category: Category): boolean {
  if (category === 'transactional') return false;
  if (cap.channels !== undefined && !cap.channels.includes(channel)) return false;
  if (cap.categories !== undefined) return cap.categories.includes(category);
  return category !== 'service';
}

/**
 * When a scheduled message will take its slot. One whose time has passed but which has not been decided
 * again yet (its timer is being handled) will go out now at the earliest.
 */
export function occupiedAt(message: ScheduledContact, now: number): number {
  return Math.max(message.scheduledFor, now);
}

export function sendConstraints(
  ctx: ContactContext,
  pending: PendingContact,
  policy: PolicyInForce,
  now: number,
): SendConstraints {
  const { category, channel } = pending;
  const { channels: quietChannels } = policy.quietHours;
  const quiet =
    isMarketing(category) &&
    policy.quietHours.categories.includes(category) &&
    (quietChannels === undefined || quietChannels.includes(channel));
  const caps = policy.caps
    .filter((cap) => capCovers(cap, channel, category))
    .map((cap) => ({
      cap,
      windowMs: parseDuration(cap.window),
      sent: ctx.sent.filter((c) => capCovers(cap, c.channel, c.category)).map((c) => c.sentAt),
      reserved: ctx.scheduled
        .filter((m) => m.messageId !== pending.messageId && capCovers(cap, m.channel, m.category))
        .filter((m) => outranks(rankOf(m), pending))
        .map((m) => occupiedAt(m, now)),
    }));
  return {
    timeZone: customerTimeZone(ctx, policy),
    ...(quiet && { quietHours: policy.quietHours }),
    caps,
  };
}

/**
 * What keeps the message from going out at `at`, if anything. Among several full caps, one full of sent
 * messages is named before one full only because of higher-ranked scheduled messages (`lower_priority`).
 */
export function blockerAt(constraints: SendConstraints, at: number): Blocker | undefined {
  const { quietHours, timeZone } = constraints;
  if (quietHours) {
    const end = quietHoursEnd(at, timeZone, quietHours);
    if (end > at) return { reason: 'quiet_hours', retryAt: end };
  }
  let outranked: Blocker | undefined;
  for (const { cap, windowMs, sent, reserved } of constraints.caps) {
    const counted = [...sent, ...reserved];
    if (windowHasRoom(counted, windowMs, cap.limit, at)) continue;
    // A full cap always has a send that will leave its window later than `at`.
    const retryAt = nextSlotChange(counted, windowMs, at) as number;
    if (!windowHasRoom(sent, windowMs, cap.limit, at)) return { reason: capReason(cap.name), retryAt };
    outranked ??= { reason: 'lower_priority', retryAt };
  }
  return outranked;
}

export type SendTimeSearch =
  { at: number; firstBlocker?: Blocker } | { at: undefined; firstBlocker?: Blocker; lastBlocker?: Blocker };

/**
 * The earliest instant in [from, until) at which nothing blocks. Every instant where a block can lift (a
 * send leaving a window, the end of quiet hours) is visited in order, so none is skipped.
 */
export function searchSendTime(constraints: SendConstraints, from: number, until: number): SendTimeSearch {
  let firstBlocker: Blocker | undefined;
  let lastBlocker: Blocker | undefined;
  for (let at = from; at < until;) {
    const blocker = blockerAt(constraints, at);
    if (!blocker) return { at, ...(firstBlocker && { firstBlocker }) };
    firstBlocker ??= blocker;
    lastBlocker = blocker;
    at = blocker.retryAt;
  }
  return { at: undefined, ...(firstBlocker && { firstBlocker }), ...(lastBlocker && { lastBlocker }) };
}

export function sentInWindow(constraint: CapConstraint, now: number): number {
  return countInWindow(constraint.sent, constraint.windowMs, now);
}

export function reservedWithinWindow(constraint: CapConstraint, now: number): number {
  return constraint.reserved.filter((at) => at >= now && at < now + constraint.windowMs).length;
}
