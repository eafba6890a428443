/**
 * Runs `work` after every earlier call with the same key has settled, in this process: writes that FerretDB
 * would race (a read-modify-write, or two appends picking one number) go one at a time. Across processes the
 * caller still needs its own guard.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve();
  const mine = previous.then(work, work);
  const settled = mine.catch(() => undefined);
  inFlight.set(key, settled);
  try {
    return await mine;
  } finally {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}
