// Which storage failures a write activity retries and which it gives up at once. Errors of the driver's own
// classes, built the way the driver builds them; the ones the real FerretDB answers are in
// test/integration/storeFailures.test.ts.
import { ApplicationFailure } from '@temporalio/common';
import { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { STORE_WRITE_REFUSED } from '../../../domain/failureTypes';
import { activityFailureOf, classifyStoreError } from '../../../storage/writeFailure';

const serverError = (code: number, errmsg: string) => new mongo.MongoServerError({ ok: 0, code, errmsg });

/** How FerretDB answers a SQLite failure: InternalError, with SQLite's message. */
const ferret = (sqlite: string) =>
  serverError(1, `[msg_update.go:133 handler.(*Handler).updateDocument] [collection.go:177] ${sqlite}`);

describe('classifyStoreError', () => {
  it.each([
    ['a dropped connection', new mongo.MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['a server that stopped answering', new mongo.MongoNetworkTimeoutError('connection 1 timed out')],
    [
      'no connection free in time',
      Object.assign(new Error('Timed out'), { name: 'MongoWaitQueueTimeoutError' }),
    ],
    ['a cleared pool', Object.assign(new Error('Pool cleared'), { name: 'MongoPoolClearedError' })],
    ['no server', Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' })],
    ['no server (mongoose)', Object.assign(new Error('x'), { name: 'MongooseServerSelectionError' })],
    ['a client closing', new mongo.MongoTopologyClosedError()],
    ['SQLITE_BUSY', ferret('database is locked (5) (SQLITE_BUSY)')],
    ['a full disk', ferret('database or disk is full (13) (SQLITE_FULL)')],
    ['a server timeout', serverError(50, 'operation exceeded time limit')],
    ['a primary stepping down', serverError(189, 'PrimarySteppedDown')],
    [
      'mongoose buffering while disconnected',
      new Error('Operation `customers.findOne()` buffering timed out'),
    ],
    ['something unknown', new Error('who knows')],
  ])('calls %s transient', (_, error) => {
    expect(classifyStoreError(error)).toBe('transient');
  });

  it.each([
    ['a key FerretDB refuses', serverError(2, `invalid key: "$x" (key must not start with '$' sign)`)],
    [
      'a nested array',
      serverError(2, 'invalid value: { "items": [ [ "sku", 2 ] ] } (nested arrays are not supported)'),
    ],
    ['a document SQLite cannot nest', ferret('SQL logic error: malformed JSON (1)')],
    ['a document too large', serverError(10334, 'BSONObjectTooLarge')],
    ['a duplicate on a unique index', serverError(11000, 'E11000 duplicate key error')],
    [
      'a BSON encoding error',
      Object.assign(new Error('key must not contain null bytes'), { name: 'BSONError' }),
    ],
    ['a stack overflow from a deep object', new RangeError('Maximum call stack size exceeded')],
    ['a cycle', new TypeError('Converting circular structure to JSON')],
    ['an invalid argument', new mongo.MongoInvalidArgumentError('Document is larger than the maximum size')],
  ])('calls %s permanent', (_, error) => {
    expect(classifyStoreError(error)).toBe('permanent');
  });

  it('judges an unordered bulk by its documents: transient only if every one of them may pass', () => {
    const bulk = (writeErrors: object[]) =>
      Object.assign(new Error('bulk'), { name: 'MongoBulkWriteError', code: 1, writeErrors });
    const busy = { index: 0, code: 1, errmsg: 'database is locked (5) (SQLITE_BUSY)' };
    const badKey = { index: 1, code: 2, errmsg: 'invalid key' };
    expect(classifyStoreError(bulk([busy]))).toBe('transient');
    expect(classifyStoreError(bulk([busy, badKey]))).toBe('permanent');
  });

  it('sees through a bulk error that wraps a failure of the whole command', () => {
    // insertMany keeps only the message of the driver error it wraps (seen with a server gone silent).
    const wrapped = (message: string) =>
      Object.assign(new Error(message), { name: 'MongoBulkWriteError', writeErrors: [] });
    expect(classifyStoreError(wrapped('connection 1 to 127.0.0.1:38499 timed out'))).toBe('transient');
    expect(
      classifyStoreError(wrapped('Timed out while checking out a connection from connection pool')),
    ).toBe('transient');
    expect(classifyStoreError(wrapped('something the server refused'))).toBe('permanent');
  });
});

describe('activityFailureOf', () => {
  it('makes a permanent failure non-retryable, of type STORE_WRITE_REFUSED, naming the write and the cause', () => {
    const cause = serverError(2, 'invalid key: "$x"');
    const failure = activityFailureOf('Read model of customer c-1', cause);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: STORE_WRITE_REFUSED, nonRetryable: true, cause });
    expect((failure as Error).message).toMatch(/Read model of customer c-1.*invalid key/);
  });

  it('leaves a transient failure as it is, for Temporal to retry', () => {
    const error = new mongo.MongoNetworkError('closed');
    expect(activityFailureOf('anything', error)).toBe(error);
  });
});
