import { parseDuration } from '../policy/duration';
import type { PolicyInForce } from '../policy/policyDocument';
import type { PendingContact } from './pendingContact';
import { compareRank, outranks, rankOf } from './rank';
import { windowHasRoom } from './rollingWindow';
import { capCovers, occupiedAt } from './sendConstraints';
import type { Category, Channel, ContactContext } from './types';

interface Placed {
  channel: Channel;
  category: Category;
  at: number;
}

/**
 * The scheduled messages ranking below `pending` that no longer fit once it goes out at `at`. They are put
 * back one by one, highest rank first, and the ones whose cap windows then overflow lose their slot. Only
 * messages sharing a cap window with `pending` are put to the test: a conflict among the others (after a
 * policy change, say) is for their own send-time check to settle, not for this request to be blamed for.
 */
export function findDisplaced(
  ctx: ContactContext,
  pending: PendingContact,
  at: number,
  policy: PolicyInForce,
  now: number,
): string[] {
  const others = ctx.scheduled.filter((m) => m.messageId !== pending.messageId);
  const below = others.filter((m) => outranks(pending, rankOf(m)));
  if (below.length === 0) return [];

  const caps = policy.caps.map((cap) => ({ cap, windowMs: parseDuration(cap.window) }));
  const pendingCaps = caps.filter(({ cap }) => capCovers(cap, pending.channel, pending.category));
  const placed: Placed[] = [
    ...ctx.sent.map((c) => ({ channel: c.channel, category: c.category, at: c.sentAt })),
    ...others.filter((m) => !below.includes(m)).map((m) => ({ ...m, at: occupiedAt(m, now) })),
    { channel: pending.channel, category: pending.category, at },
  ];

  const displaced: string[] = [];
  for (const message of [...below].sort((a, b) => compareRank(rankOf(a), rankOf(b)))) {
    const messageAt = occupiedAt(message, now);
    const sharesWindow = pendingCaps.some(
      ({ cap, windowMs }) =>
        capCovers(cap, message.channel, message.category) && Math.abs(messageAt - at) < windowMs,
    );
    const fits =
      !sharesWindow ||
      caps.every(({ cap, windowMs }) => {
        if (!capCovers(cap, message.channel, message.category)) return true;
        const times = placed.filter((p) => capCovers(cap, p.channel, p.category)).map((p) => p.at);
        return windowHasRoom(times, windowMs, cap.limit, messageAt);
      });
    if (fits) placed.push({ channel: message.channel, category: message.category, at: messageAt });
    else displaced.push(message.messageId);
  }
  return displaced;
}
