import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowUnreachableError } from './ingest/eventIngestion';

export type Dependency = 'MongoDB' | 'Temporal';

/**
 * Driver errors that mean "the database could not be reached or did not answer in time", not "your request is
 * wrong" nor "our code is wrong": connection refused or reset, no server selectable, a pool cleared after a
 * network error, an operation or queue timeout.
 */
const MONGO_UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoOperationTimeoutError',
  'MongoWaitQueueTimeoutError',
]);
/** Labels the driver puts on errors a retry may cure (a bulk write whose connection failed carries them). */
const MONGO_TRANSIENT_LABELS = [
  'RetryableError',
  'SystemOverloadedError',
  'ResetPool',
  'RetryableWriteError',
];
/** MaxTimeMSExpired: the server gave up on an operation it could not finish in the time it was given. */
const MONGO_TIME_LIMIT_CODE = 50;

/**
 * gRPC statuses of a Temporal server that is down, restarting or overloaded: UNAVAILABLE (connection refused,
 * no connection established), DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (rate limits).
 */
const TEMPORAL_UNAVAILABLE_CODES = new Set([14, 4, 8]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errorLabels?: unknown;
  errorResponse?: unknown;
}

/**
 * Which dependency an error says is out of reach, if any: the answer is then 503 with Retry-After, because
 * the same request will work once the dependency is back. Anything else stays a 500 (a bug to fix). Follows
 * `cause` (and a bulk write's `errorResponse`) a few levels, since clients wrap what their transport threw.
 */
export function dependencyOutage(error: unknown): Dependency | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as ErrorLike;
    const name = typeof e.name === 'string' ? e.name : '';
    if (MONGO_UNREACHABLE.has(name)) return 'MongoDB';
    if (name.startsWith('Mongo') && hasTransientLabel(e)) return 'MongoDB';
    if (name === 'MongoServerError' && e.code === MONGO_TIME_LIMIT_CODE) return 'MongoDB';
    // mongoose queues commands while it reconnects, and gives up after bufferTimeoutMS.
    if (name === 'MongooseError' && typeof e.message === 'string' && /buffering timed out/.test(e.message)) {
      return 'MongoDB';
    }
    // Events were taken (their receipts are written) but some customers' workflows could not be signalled.
    if (current instanceof WorkflowUnreachableError) return 'Temporal';
    if (current instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'Temporal';
    if (isGrpcServiceError(current) && TEMPORAL_UNAVAILABLE_CODES.has(current.code)) return 'Temporal';
    // A bulk write (insertMany) wraps the failure of its whole command — a connection that timed out — in
    // MongoBulkWriteError, with the driver's error as `errorResponse`, not `cause`.
    current = e.cause ?? (e.errorResponse instanceof Error ? e.errorResponse : undefined);
  }
  return undefined;
}

function hasTransientLabel(error: ErrorLike): boolean {
  const labels = error.errorLabels;
  if (!(labels instanceof Set) && !Array.isArray(labels)) return false;
  return MONGO_TRANSIENT_LABELS.some((label) => [...(labels as Iterable<unknown>)].includes(label));
}
