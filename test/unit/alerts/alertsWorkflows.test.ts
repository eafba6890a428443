import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { alertsWorkflows } from '../../../api/alertsWorkflows';
import { createLogger } from '../../../platform/logger';

/** A Temporal client that records the calls the API makes, failing the first `failures` of them. */
function fakeClient(failures = 0) {
  const calls: { call: string; workflowId: string; conflict?: string; signal?: string }[] = [];
  let left = failures;
  const answer = () => (left-- > 0 ? Promise.reject(new Error('Temporal is out')) : Promise.resolve({}));
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      start: (_type: string, options: { workflowId: string; workflowIdConflictPolicy?: string }) => {
        calls.push({
          call: 'start',
          workflowId: options.workflowId,
          conflict: options.workflowIdConflictPolicy,
        });
        return answer();
      },
      signalWithStart: (_type: string, options: { workflowId: string; signal: { name: string } }) => {
        calls.push({ call: 'signalWithStart', workflowId: options.workflowId, signal: options.signal.name });
        return answer();
      },
    },
  };
  return { client: client as unknown as Client, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const logger = createLogger('test', 'silent');

describe('alertsWorkflows (who starts a workspace alerts workflow)', () => {
  it('starts it with the first event of a workspace, using the running one if any, and only once per process', async () => {
    const { client, calls } = fakeClient();
    const alerts = alertsWorkflows({ client, taskQueue: 'q', logger, timeoutMs: 1000 });
    alerts.ensureRunning('acme');
    alerts.ensureRunning('acme');
    alerts.ensureRunning('globex');
    await settle();
    expect(calls).toEqual([
      { call: 'start', workflowId: 'alerts:acme', conflict: 'USE_EXISTING' },
      { call: 'start', workflowId: 'alerts:globex', conflict: 'USE_EXISTING' },
    ]);
  });

  it('never throws when Temporal is out, and the next event tries again', async () => {
    const { client, calls } = fakeClient(1);
    const alerts = alertsWorkflows({ client, taskQueue: 'q', logger, timeoutMs: 1000 });
    expect(() => alerts.ensureRunning('acme')).not.toThrow();
    await settle();
    alerts.ensureRunning('acme');
    await settle();
    alerts.ensureRunning('acme');
    expect(calls.map((c) => c.call)).toEqual(['start', 'start']);
  });

  it('signals a policy change, starting the workflow if need be', async () => {
    const { client, calls } = fakeClient(1);
    const alerts = alertsWorkflows({ client, taskQueue: 'q', logger, timeoutMs: 1000 });
    expect(() => alerts.policyChanged('acme')).not.toThrow();
    alerts.policyChanged('acme');
    await settle();
    expect(calls).toEqual([
      { call: 'signalWithStart', workflowId: 'alerts:acme', signal: 'alertsPolicyChanged' },
      { call: 'signalWithStart', workflowId: 'alerts:acme', signal: 'alertsPolicyChanged' },
    ]);
  });
});
