import type { FeedDecision } from '../api/types';

/** At most this many decisions stay on the page: a storm must not grow it without end. */
export const MAX_SHOWN = 500;

/**
 * The list the Decisions page shows, newest first, each decision once: new ones from the stream go on top (they
 * arrive oldest first), older pages at the bottom. Pure, so the page's bookkeeping is tested without a browser.
 */
export function withArrivals(
  shown: readonly FeedDecision[],
  arrivals: readonly FeedDecision[],
): {
  shown: FeedDecision[];
  added: FeedDecision[];
} {
  const ids = new Set(shown.map((d) => d.id));
  const added: FeedDecision[] = [];
  for (const d of arrivals) {
    if (ids.has(d.id)) continue;
    ids.add(d.id);
    added.push(d);
  }
  return { shown: [...[...added].reverse(), ...shown].slice(0, MAX_SHOWN), added };
}

export function withOlder(shown: readonly FeedDecision[], older: readonly FeedDecision[]): FeedDecision[] {
  const ids = new Set(shown.map((d) => d.id));
  return [...shown, ...older.filter((d) => !ids.has(d.id))];
}

/** What a screen reader hears when decisions arrive: how many, and the newest in a few words. */
export function arrivalAnnouncement(
  added: readonly FeedDecision[],
  describe: (reason: string) => string,
): string {
  if (added.length === 0) return '';
  const newest = added[added.length - 1];
  const what = `${newest.decision} for ${newest.customerId}: ${describe(newest.reason)}`;
  return added.length === 1 ? `New decision: ${what}.` : `${added.length} new decisions. Newest: ${what}.`;
}
