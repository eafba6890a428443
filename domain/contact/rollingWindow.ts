/**
 * Rolling-window arithmetic over send times (epoch ms). A send at `s` counts in the window ending at `u`
 * when u - window < s <= u, so its slot frees exactly `window` after it went out.
 */

export function countInWindow(times: readonly number[], windowMs: number, end: number): number {
  let count = 0;
  for (const time of times) if (time > end - windowMs && time <= end) count++;
  return count;
}

/**
 * Whether one more send at `at` keeps every window that would contain it within `limit`, including windows
 * that end later and already hold sends planned after `at`: checking only the window ending at `at` would
 * let a message take a slot that a planned send further on counts on.
 */
export function windowHasRoom(
  times: readonly number[],
  windowMs: number,
  limit: number,
  at: number,
): boolean {
  if (countInWindow(times, windowMs, at) + 1 > limit) return false;
  // The count only rises where a send enters a window, so the windows ending at planned sends are the fullest.
  for (const time of times) {
    if (time > at && time < at + windowMs && countInWindow(times, windowMs, time) + 1 > limit) return false;
  }
  return true;
}

/** The next instant after `at` where a window could have lost a send; no slot can open in between. */
export function nextSlotChange(times: readonly number[], windowMs: number, at: number): number | undefined {
  let next: number | undefined;
  for (const time of times) {
    const freedAt = time + windowMs;
    if (freedAt > at && (next === undefined || freedAt < next)) next = freedAt;
  }
  return next;
}
