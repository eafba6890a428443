import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Docker cannot run here, so the compose file is checked for what a user would trip on: it parses, every
// service Tutti needs is there, and Tutti's processes get the same variables the README documents.
const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      build?: string;
      command?: string[];
      environment?: Record<string, unknown>;
      depends_on?: string[];
      ports?: string[];
    }
  >;
};

describe('docker-compose.yml', () => {
  it('has Temporal on PostgreSQL, its UI, MongoDB, a worker and the API', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'mongodb',
      'postgresql',
      'setup',
      'temporal',
      'temporal-ui',
      'worker',
    ]);
    expect(compose.services.temporal.environment).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgresql',
    });
    expect(compose.services['temporal-ui'].environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it('runs the worker and API from the project image with the documented variables', () => {
    for (const name of ['worker', 'api', 'setup']) {
      const service = compose.services[name];
      expect(service.build).toBe('.');
      expect(service.environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        MONGODB_URI: 'mongodb://mongodb:27017/tutti',
        TUTTI_TASK_QUEUE: 'tutti',
      });
      // Each command names a file that exists in the repository.
      const entry = service.command?.at(-1) ?? '';
      expect(existsSync(path.join(root, entry)), entry).toBe(true);
    }
    expect(compose.services.api.ports).toContain('3000:3000');
    expect(compose.services.api.environment?.PORT).toBe(3000);
    expect(compose.services.worker.depends_on).toEqual(expect.arrayContaining(['temporal', 'mongodb']));
    expect(existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });
});
