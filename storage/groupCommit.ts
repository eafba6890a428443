/**
 * A small group commit: appends to one key that arrive while a write for that key is in flight wait, and go
 * together in the next write (at most `cap` items in one), so a storm of small appends becomes a few writes a
 * second instead of hundreds queued one at a time. A batch larger than `cap` is split over several writes; its
 * promise settles when its last part is written, or fails with the first part that failed (the rest of it is
 * then dropped: its caller retries the whole batch, and readers de-duplicate).
 */
export interface Queued<T> {
  items: T[];
  /** How many of `items` are already written (only the front batch can be partly written). */
  written: number;
}

export interface Group<T> {
  items: T[];
  /** Batches from the front of the queue whose last items are in this group. */
  completes: number;
}

/** The next group: whole batches from the front while they fit, and at least one item of the first. Pure. */
export function takeGroup<T>(queue: readonly Queued<T>[], cap: number): Group<T> {
  const items: T[] = [];
  let completes = 0;
  for (const batch of queue) {
    const left = batch.items.length - batch.written;
    const room = cap - items.length;
    if (left <= room) {
      items.push(...batch.items.slice(batch.written));
      completes++;
      continue;
    }
    // Only the first batch is ever split: a later one waits for a group of its own rather than share one part-way.
    if (items.length === 0) items.push(...batch.items.slice(batch.written, batch.written + room));
    break;
  }
  return { items, completes };
}

interface Waiting<T> extends Queued<T> {
  resolve(): void;
  reject(error: unknown): void;
}

export class GroupCommit<T> {
  private readonly queues = new Map<string, Waiting<T>[]>();

  constructor(
    private readonly write: (key: string, items: T[]) => Promise<void>,
    private readonly cap: number,
  ) {}

  append(key: string, items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(key);
      const waiting: Waiting<T> = { items, written: 0, resolve, reject };
      if (queue) {
        queue.push(waiting);
        return;
      }
      this.queues.set(key, [waiting]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const group = takeGroup(queue, this.cap);
      // No batch complete: the group is a part of the first one.
      const involved = Math.max(group.completes, 1);
      try {
        await this.write(key, group.items);
      } catch (error) {
        for (const w of queue.splice(0, involved)) w.reject(error);
        continue;
      }
      if (group.completes === 0) queue[0].written += group.items.length;
      for (const w of queue.splice(0, group.completes)) w.resolve();
    }
    this.queues.delete(key);
  }
}
