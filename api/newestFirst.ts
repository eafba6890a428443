/**
 * The read routes' sort orders, for documents read one by one by `_id` (storage/customerLists.ts) and then
 * sorted here as the query that used to read them sorted them.
 */

/** Later dates first. */
export function laterFirst(a: Date, b: Date): number {
  return b.getTime() - a.getTime();
}

/** Higher strings first, as MongoDB compares them (by bytes: the same as `<` for the ASCII ids here). */
export function higherFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
