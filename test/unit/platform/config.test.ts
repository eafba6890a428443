import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config';

describe('configuration from the environment', () => {
  it('uses the embedded servers and the defaults of the README when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      taskQueue: 'tutti',
      temporal: { external: false, address: '127.0.0.1:7233', namespace: 'default' },
      mongo: { external: false, uri: 'mongodb://127.0.0.1:27017/tutti' },
    });
    expect(config.workerMaxActivities).toBeUndefined();
  });

  it('takes external servers and a worker activity limit', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      MONGODB_URI: 'mongodb://db/tutti',
      TUTTI_WORKER_MAX_ACTIVITIES: '8',
    });
    expect(config.temporal).toMatchObject({ external: true, address: 'temporal.internal:7233' });
    expect(config.mongo).toMatchObject({ external: true, uri: 'mongodb://db/tutti' });
    expect(config.workerMaxActivities).toBe(8);
  });

  it('refuses a nonsense limit, naming the variable', () => {
    expect(() => loadConfig({ TUTTI_WORKER_MAX_ACTIVITIES: 'lots' })).toThrow(/TUTTI_WORKER_MAX_ACTIVITIES/);
    expect(() => loadConfig({ TUTTI_WORKER_MAX_ACTIVITIES: '0' })).toThrow(/TUTTI_WORKER_MAX_ACTIVITIES/);
  });
});
