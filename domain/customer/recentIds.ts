/**
 * The ids of the most recent events a customer's workflow has taken, oldest first.
 * A plain array so it survives continue-as-new through the JSON payload converter (a Set would not).
 * Bounded: older re-sends are caught by the API's event store, which is unique by event id.
 */
export type RecentIds = string[];

export const RECENT_IDS_CAPACITY = 1000;

export function rememberId(ids: RecentIds, id: string, capacity = RECENT_IDS_CAPACITY): RecentIds {
  const next = ids.length >= capacity ? ids.slice(ids.length - capacity + 1) : ids.slice();
  next.push(id);
  return next;
}
