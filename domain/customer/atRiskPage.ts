/**
 * Paging the at-risk set (storage/atRiskSet.ts): customers at risk are kept at write time as members with the
 * time of their latest event, and a page is the members in "latest activity first" order after a cursor. Pure,
 * so the order and the cursor are tested without a store.
 */

/** A customer in the at-risk set: their id, and their latest event's time in ms (0 when they have none). */
export interface AtRiskMember {
  customerId: string;
  lastEventAt: number;
}

/** Latest activity first; the customer id (ascending) breaks ties, so the order is total and pages never overlap. */
export function latestActivityFirst(a: AtRiskMember, b: AtRiskMember): number {
  return (
    b.lastEventAt - a.lastEventAt || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)
  );
}

/** Where the previous page ended: the last member it held. */
export type AtRiskCursor = AtRiskMember;

/**
 * The page of at most `limit` members after `after` (from the start without one), and the cursor of the next
 * page — null when this page holds the last member. A member that moved since the previous page (a new event
 * moves them to the front) is where their new time puts them: a client paging through may miss or repeat a
 * customer whose activity changed meanwhile, never one that did not.
 */
export function atRiskPage(
  members: readonly AtRiskMember[],
  limit: number,
  after?: AtRiskCursor,
): { members: AtRiskMember[]; next: AtRiskCursor | null } {
  const sorted = [...members].sort(latestActivityFirst);
  const start = after === undefined ? 0 : sorted.findIndex((m) => latestActivityFirst(m, after) > 0);
  if (start < 0) return { members: [], next: null };
  const page = sorted.slice(start, start + limit);
  const last = page.at(-1);
  return { members: page, next: start + limit < sorted.length && last ? { ...last } : null };
}
