import { describe, expect, it } from 'vitest';
import { dependencyOutage } from '../../../api/dependencyOutage';
import { WorkflowUnreachableError } from '../../../api/ingest/eventIngestion';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('x'), { name, ...extra });

// The real outages (a stopped FerretDB, an unreachable Temporal) are in test/integration/hostileOutage.test.ts;
// this pins what must stay a 500 or a 4xx.
describe('dependencyOutage', () => {
  it('tells an unreachable MongoDB by the driver error, however it is wrapped', () => {
    expect(dependencyOutage(named('MongoServerSelectionError'))).toBe('MongoDB');
    expect(dependencyOutage(new Error('request failed', { cause: named('MongoNetworkError') }))).toBe(
      'MongoDB',
    );
    expect(
      dependencyOutage(
        named('MongoBulkWriteError', { errorLabels: ['SystemOverloadedError', 'RetryableError'] }),
      ),
    ).toBe('MongoDB');
    // An insertMany whose connection timed out: the driver's error is the bulk error's errorResponse.
    expect(
      dependencyOutage(
        named('MongoBulkWriteError', {
          writeErrors: [],
          errorResponse: named('MongoNetworkTimeoutError', { message: 'connection 2 timed out' }),
        }),
      ),
    ).toBe('MongoDB');
    expect(
      dependencyOutage(
        named('MongooseError', { message: 'Operation `x.find()` buffering timed out after 10000ms' }),
      ),
    ).toBe('MongoDB');
  });

  it('tells an unreachable Temporal by its gRPC status', () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE'), {
      code: 14,
      details: 'refused',
      metadata: {},
    });
    expect(
      dependencyOutage(Object.assign(new Error('Failed'), { name: 'ServiceError', cause: unavailable })),
    ).toBe('Temporal');
    const notFound = Object.assign(new Error('5 NOT_FOUND'), { code: 5, details: 'gone', metadata: {} });
    expect(dependencyOutage(new WorkflowUnreachableError(['c-1'], notFound))).toBe('Temporal');
    expect(dependencyOutage(notFound)).toBeUndefined();
  });

  it('leaves bugs and refusals alone: they are not cured by waiting', () => {
    expect(dependencyOutage(new TypeError('x is undefined'))).toBeUndefined();
    expect(dependencyOutage(named('MongoServerError', { code: 11000 }))).toBeUndefined();
    expect(dependencyOutage(named('MongoBulkWriteError', { errorLabels: [] }))).toBeUndefined();
    expect(dependencyOutage('a string')).toBeUndefined();
    expect(dependencyOutage(null)).toBeUndefined();
  });
});
