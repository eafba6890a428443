/**
 * Retries a write that the embedded server refused with SQLITE_BUSY. FerretDB's SQLite backend runs each
 * write in its own transaction, and concurrent read-modify-write transactions can fail at once rather than
 * wait; a short, jittered retry succeeds. On MongoDB this never triggers.
 */
export async function withBusyRetry<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** SQLite's busy or locked, as FerretDB words it (on an error, or on one document's write error). */
export function isBusy(error: unknown): boolean {
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' && (message.includes('SQLITE_BUSY') || message.includes('database is locked'))
  );
}
