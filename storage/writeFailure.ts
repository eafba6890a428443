import { ApplicationFailure } from '@temporalio/common';
import { STORE_WRITE_REFUSED } from '../domain/failureTypes';

/**
 * `transient`: the store could not answer now (down, restarting, overloaded, busy, too slow) — try again.
 * `permanent`: the store, the driver or the encoder refused this very write, and will refuse it again.
 */
export type StoreFailureKind = 'transient' | 'permanent';

/** Driver and mongoose errors that mean "no answer now": the server is away, slow, or the pool is. */
const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoSystemError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoStalePrimaryError',
  // The process is closing its client (a worker shutting down): another attempt runs elsewhere.
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
]);

/** The document cannot be encoded, or the driver or mongoose refused it before sending: the same every time. */
const PERMANENT_NAMES = new Set([
  'BSONError',
  'BSONVersionError',
  'BSONRuntimeError',
  'BSONOffsetError',
  // JSON.stringify or BSON serialisation of a value nested too deep ("Maximum call stack size exceeded"),
  // a string too long, a cycle.
  'RangeError',
  'TypeError',
  'SyntaxError',
  'MongoInvalidArgumentError',
  'MongoAPIError',
  'MongoParseError',
  'MongoCompatibilityError',
  'MongoMissingDependencyError',
  'MongoBatchReExecutionError',
  'ValidationError',
  'CastError',
  'StrictModeError',
  'ObjectParameterError',
]);

/**
 * Server error codes that a later attempt can get past (MongoDB's retryable and interruption codes). Every
 * other code is the server refusing the write itself (bad key, nested array, document too large, duplicate
 * key on a unique index, …).
 */
const TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  24, // LockTimeout
  46, // LockBusy
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed
  89, // NetworkTimeout
  91, // ShutdownInProgress
  112, // WriteConflict
  133, // FailedToSatisfyReadPreference
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  202, // NetworkInterfaceExceededTimeLimit
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11601, // Interrupted
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/**
 * FerretDB answers most SQLite failures as InternalError (code 1) with SQLite's message: these are the ones
 * that pass (a writer holding the lock past the 10 s busy timeout, a full or failing disk that may recover,
 * a request cut short). Anything else with code 1 (say "malformed JSON" for a document SQLite cannot nest)
 * fails the same way again.
 */
const TRANSIENT_MESSAGE =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|SQLITE_FULL|database or disk is full|SQLITE_IOERR|disk I\/O error|SQLITE_CANTOPEN|unable to open database|context deadline exceeded|context canceled|operation exceeded time limit|buffering timed out/i;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  codeName?: unknown;
  writeErrors?: unknown;
  writeConcernError?: unknown;
  hasErrorLabel?: (label: string) => boolean;
}

/**
 * Whether a failed storage operation is worth another attempt. Works on MongoDB driver, mongoose, BSON and
 * plain JavaScript errors, by name and code rather than class (a second copy of the driver would defeat
 * instanceof). An error it does not recognise is transient: Temporal's ordinary retry, as before.
 */
export function classifyStoreError(error: unknown): StoreFailureKind {
  if (typeof error !== 'object' || error === null) return 'transient';
  const e = error as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (TRANSIENT_NAMES.has(name)) return 'transient';
  if (typeof e.hasErrorLabel === 'function' && TRANSIENT_LABELS.some((l) => e.hasErrorLabel?.(l))) {
    return 'transient';
  }
  if (TRANSIENT_MESSAGE.test(message)) return 'transient';
  const writeErrors = writeErrorsOf(e);
  if (writeErrors.length > 0) {
    // An unordered bulk reports each document's own error: the write as a whole passes only if they all may.
    return writeErrors.every((w) => serverErrorKind(w) === 'transient') ? 'transient' : 'permanent';
  }
  if (typeof e.code === 'number') return serverErrorKind(e);
  if (PERMANENT_NAMES.has(name) || error instanceof RangeError || error instanceof TypeError) {
    return 'permanent';
  }
  if (name === 'MongoServerError' || name === 'MongoBulkWriteError') {
    // A bulk write (insertMany) wraps a failure of the whole command in MongoBulkWriteError, keeping only the
    // message: with no code and no write errors, it is the driver's ("connection 1 … timed out").
    return DRIVER_TRANSIENT_MESSAGE.test(message) ? 'transient' : 'permanent';
  }
  return 'transient';
}

/** The messages of the driver's connection, pool and selection errors, once wrapped. */
const DRIVER_TRANSIENT_MESSAGE =
  /timed out|closed|ECONNREFUSED|ECONNRESET|EPIPE|socket|connection pool|server selection|not connected|interrupted/i;

function serverErrorKind(e: { code?: unknown; errmsg?: unknown; message?: unknown }): StoreFailureKind {
  const message = typeof e.errmsg === 'string' ? e.errmsg : typeof e.message === 'string' ? e.message : '';
  if (TRANSIENT_MESSAGE.test(message)) return 'transient';
  return typeof e.code === 'number' && TRANSIENT_CODES.has(e.code) ? 'transient' : 'permanent';
}

function writeErrorsOf(e: ErrorLike): { code?: unknown; errmsg?: unknown; message?: unknown }[] {
  const raw = e.writeErrors;
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw]) as { code?: unknown; errmsg?: unknown }[];
}

/**
 * What a write activity throws for a failed write: a permanent failure becomes a non-retryable
 * ApplicationFailure of type STORE_WRITE_REFUSED naming what was written (`what`) and why; a transient one
 * is the original error, for Temporal to retry.
 */
export function activityFailureOf(what: string, error: unknown): unknown {
  if (classifyStoreError(error) === 'transient') return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return ApplicationFailure.create({
    message: `${what} was refused by storage and would be refused again: ${reason.slice(0, 1000)}`,
    type: STORE_WRITE_REFUSED,
    nonRetryable: true,
    ...(error instanceof Error ? { cause: error } : {}),
  });
}

/** Runs an activity's writes; a permanent failure leaves as STORE_WRITE_REFUSED (see activityFailureOf). */
export async function storeWrite<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw activityFailureOf(what, error);
  }
}
