import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SENTIMENT_DATA_DIR,
  loadConfig,
  loadSentimentDataDir,
  loadToolPaths,
} from '../../../platform/config';

describe('configuration from the environment', () => {
  it('uses the embedded servers and the defaults of the README when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      taskQueue: 'tutti',
      logLevel: 'info',
      apiTemporalTimeoutMs: 10_000,
      dataDir: path.resolve('.data'),
      temporal: { external: false, address: '127.0.0.1:7233', namespace: 'default', embeddedUiPort: 8233 },
      mongo: { external: false, uri: 'mongodb://127.0.0.1:27017/tutti', maxPoolSize: 8, timeoutMs: 10_000 },
    });
    expect(config.workerMaxActivities).toBeUndefined();
    // Bounded, not the SDK's heap-sized default: a cached customer workflow costs about 2 MiB.
    expect(config.workerMaxCachedWorkflows).toBe(500);
    expect(config.customerHistoryLimit).toBeUndefined();
    expect(config.workflowBundle).toBeUndefined();
  });

  it('takes external servers and a worker activity limit', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      MONGODB_URI: 'mongodb://db/tutti',
      TUTTI_WORKER_MAX_ACTIVITIES: '8',
      TUTTI_WORKER_MAX_CACHED_WORKFLOWS: '0',
    });
    expect(config.temporal).toMatchObject({ external: true, address: 'temporal.internal:7233' });
    expect(config.mongo).toMatchObject({ external: true, uri: 'mongodb://db/tutti' });
    expect(config.workerMaxActivities).toBe(8);
    expect(config.workerMaxCachedWorkflows).toBe(0);
  });

  it('links the dashboard to the embedded Temporal UI, to TUTTI_TEMPORAL_UI_URL, or to none for an external Temporal', () => {
    expect(loadConfig({ TUTTI_TEMPORAL_UI_PORT: '8299' }).temporal.uiUrl).toBe('http://localhost:8299');
    expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }).temporal.uiUrl).toBeUndefined();
    expect(
      loadConfig({
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TUTTI_TEMPORAL_UI_URL: 'https://temporal.acme.test/',
      }).temporal.uiUrl,
    ).toBe('https://temporal.acme.test');
    expect(() => loadConfig({ TUTTI_TEMPORAL_UI_URL: 'ftp://x' })).toThrow(
      /TUTTI_TEMPORAL_UI_URL: must be a http or https URL/,
    );
  });

  it('takes the log level and the customer workflows’ history limit', () => {
    const config = loadConfig({ TUTTI_LOG_LEVEL: 'debug', TUTTI_CUSTOMER_HISTORY_LIMIT: '2000' });
    expect(config.logLevel).toBe('debug');
    expect(config.customerHistoryLimit).toBe(2000);
  });

  it('counts an empty or blank variable as unset', () => {
    const config = loadConfig({ PORT: '', TEMPORAL_NAMESPACE: '  ', MONGODB_URI: '', TUTTI_LOG_LEVEL: '' });
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', temporal: { namespace: 'default' } });
    expect(config.mongo.external).toBe(false);
  });

  it('refuses a nonsense limit, naming the variable', () => {
    expect(() => loadConfig({ TUTTI_WORKER_MAX_ACTIVITIES: 'lots' })).toThrow(/TUTTI_WORKER_MAX_ACTIVITIES/);
    expect(() => loadConfig({ TUTTI_WORKER_MAX_ACTIVITIES: '0' })).toThrow(/TUTTI_WORKER_MAX_ACTIVITIES/);
    expect(() => loadConfig({ TUTTI_WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(
      /TUTTI_WORKER_MAX_CACHED_WORKFLOWS/,
    );
  });

  it.each([
    [{ PORT: '70000' }, /PORT: must be a whole number from 1 to 65535/],
    [{ TUTTI_TEMPORAL_UI_PORT: '8233.5' }, /TUTTI_TEMPORAL_UI_PORT: must be a whole number/],
    [{ TUTTI_LOG_LEVEL: 'loud' }, /TUTTI_LOG_LEVEL: must be one of fatal, error, warn, info/],
    [
      { TUTTI_CUSTOMER_HISTORY_LIMIT: 'many' },
      /TUTTI_CUSTOMER_HISTORY_LIMIT: must be a whole number from 10/,
    ],
    [{ TUTTI_CUSTOMER_HISTORY_LIMIT: '5' }, /TUTTI_CUSTOMER_HISTORY_LIMIT: must be a whole number from 10/],
    [{ TUTTI_CUSTOMER_HISTORY_LIMIT: '100000' }, /TUTTI_CUSTOMER_HISTORY_LIMIT: .* to 50000/],
    [
      { TUTTI_API_TEMPORAL_TIMEOUT_MS: '10' },
      /TUTTI_API_TEMPORAL_TIMEOUT_MS: must be a whole number from 100/,
    ],
  ])('refuses a bad value, naming the variable and why (%o)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'http', TUTTI_LOG_LEVEL: 'loud' })).toThrow(
      /Invalid configuration in the environment:\n {2}PORT: .*\n {2}TUTTI_LOG_LEVEL: /,
    );
  });

  it('reads only its own variables: a process is not refused for a delivery or tool setting it does not use', () => {
    expect(() => loadConfig({ TUTTI_SMTP_URL: 'not a url', TUTTI_SENTIMENT_DATA: ' ' })).not.toThrow();
  });
});

describe('the dev stack’s binaries', () => {
  it('are its own unless TUTTI_TEMPORAL_BIN or TUTTI_FERRETDB_BIN name others (made absolute)', () => {
    expect(loadToolPaths({})).toEqual({});
    expect(
      loadToolPaths({ TUTTI_TEMPORAL_BIN: '/opt/temporal', TUTTI_FERRETDB_BIN: 'bin/ferretdb' }),
    ).toEqual({
      temporal: '/opt/temporal',
      ferretDb: path.resolve('bin/ferretdb'),
    });
  });
});

describe('the sentiment scripts’ data', () => {
  it('is next to the repository unless TUTTI_SENTIMENT_DATA names another folder', () => {
    expect(loadSentimentDataDir({})).toBe(DEFAULT_SENTIMENT_DATA_DIR);
    expect(DEFAULT_SENTIMENT_DATA_DIR).toBe(path.resolve(__dirname, '../../../../shared/data/sentiment'));
    expect(loadSentimentDataDir({ TUTTI_SENTIMENT_DATA: 'data/labelled' })).toBe(
      path.resolve('data/labelled'),
    );
  });
});
