// The storage settings a process reads from its environment, and the driver options they become.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MONGO_MAX_POOL,
  DEFAULT_MONGO_TIMEOUT_MS,
  loadMongoSettings,
} from '../../../platform/config';
import { driverOptions, SERVER_SELECTION_TIMEOUT_MS } from '../../../storage/connection';

describe('MongoDB pool and timeouts', () => {
  it('bounds the pool and every wait by default', () => {
    const settings = loadMongoSettings({});
    expect(settings).toEqual({ maxPoolSize: DEFAULT_MONGO_MAX_POOL, timeoutMs: DEFAULT_MONGO_TIMEOUT_MS });
    expect(driverOptions(settings)).toMatchObject({
      maxPoolSize: 8,
      waitQueueTimeoutMS: 10_000,
      socketTimeoutMS: 10_000,
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      connectTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      retryWrites: false,
    });
  });

  it('takes TUTTI_MONGO_MAX_POOL and TUTTI_MONGO_TIMEOUT_MS, and a short timeout shortens selection too', () => {
    const settings = loadMongoSettings({ TUTTI_MONGO_MAX_POOL: '3', TUTTI_MONGO_TIMEOUT_MS: '1500' });
    expect(settings).toEqual({ maxPoolSize: 3, timeoutMs: 1500 });
    expect(driverOptions(settings)).toMatchObject({ serverSelectionTimeoutMS: 1500, socketTimeoutMS: 1500 });
  });

  it('refuses a pool of nothing, or beyond the server’s, and a timeout that is not one, naming the variable', () => {
    expect(() => loadMongoSettings({ TUTTI_MONGO_MAX_POOL: '0' })).toThrow(/TUTTI_MONGO_MAX_POOL/);
    expect(() => loadMongoSettings({ TUTTI_MONGO_MAX_POOL: '500' })).toThrow(/TUTTI_MONGO_MAX_POOL/);
    expect(() => loadMongoSettings({ TUTTI_MONGO_TIMEOUT_MS: 'soon' })).toThrow(/TUTTI_MONGO_TIMEOUT_MS/);
  });
});
