import { describe, expect, it } from 'vitest';
import { defaultPolicy, validatePolicy, validatePolicyBody } from '../../../domain/policy';

import { edited, errorsOf } from './support/editedPolicy';

describe('channels and sendTime in the default policy (docs/DESIGN.md, "Policy additions")', () => {
  it('tries email, then push, then SMS, and explores 10 % of optimal sends with k = 5', () => {
    expect(defaultPolicy.channels).toEqual({ fallbackOrder: ['email', 'push', 'sms'] });
    expect(defaultPolicy.sendTime).toEqual({ explorePercent: 10, priorStrength: 5 });
  });

  it('fill in when a stored policy or a PUT body has none (published before them), as copies', () => {
    const before = edited((d) => {
      delete d.channels;
      delete d.sendTime;
    });
    const stored = validatePolicy(before);
    if (!stored.ok) throw new Error(JSON.stringify(stored.errors));
    expect(stored.policy.channels).toEqual(defaultPolicy.channels);
    expect(stored.policy.channels.fallbackOrder).not.toBe(defaultPolicy.channels.fallbackOrder);
    expect(stored.policy.sendTime).toEqual(defaultPolicy.sendTime);
    const { version: _version, ...body } = before;
    const put = validatePolicyBody(body);
    expect(put.ok && put.policy.channels).toEqual(defaultPolicy.channels);
  });

  it('accept an order of the workspace own and settings of its own', () => {
    const policy = edited((d) => {
      d.channels = { fallbackOrder: ['sms', 'webhook'] };
      d.sendTime = { explorePercent: 2.5, priorStrength: 0 };
    });
    expect(validatePolicy(policy)).toMatchObject({
      ok: true,
      policy: {
        channels: { fallbackOrder: ['sms', 'webhook'] },
        sendTime: { explorePercent: 2.5, priorStrength: 0 },
      },
    });
  });
});

describe('errors in channels and sendTime name the field', () => {
  it('an unknown, repeated or missing channel', () => {
    expect(errorsOf(edited((d) => (d.channels.fallbackOrder = ['email', 'fax', 'email'])))).toEqual([
      { path: 'channels.fallbackOrder.1', message: 'must be one of email, sms, push, webhook' },
    ]);
    expect(errorsOf(edited((d) => (d.channels.fallbackOrder = ['email', 'sms', 'email'])))).toEqual([
      { path: 'channels.fallbackOrder.2', message: 'repeats "email"' },
    ]);
    expect(errorsOf(edited((d) => (d.channels.fallbackOrder = [])))).toEqual([
      { path: 'channels.fallbackOrder', message: 'must name at least one channel' },
    ]);
    expect(errorsOf(edited((d) => (d.channels = {})))).toEqual([
      { path: 'channels.fallbackOrder', message: 'is required' },
    ]);
    expect(errorsOf(edited((d) => (d.channels.order = ['sms'])))).toEqual([
      { path: 'channels.order', message: 'is not a policy field' },
    ]);
  });

  it('an explore share out of range or finer than 0.01 %, and a negative or huge k', () => {
    expect(errorsOf(edited((d) => (d.sendTime.explorePercent = 120)))).toEqual([
      { path: 'sendTime.explorePercent', message: 'must be at most 100' },
    ]);
    expect(errorsOf(edited((d) => (d.sendTime.explorePercent = 0.001)))).toEqual([
      {
        path: 'sendTime.explorePercent',
        message: 'must be in steps of 0.01 (messages are split into 10,000 buckets)',
      },
    ]);
    expect(errorsOf(edited((d) => (d.sendTime.explorePercent = '10%')))).toEqual([
      { path: 'sendTime.explorePercent', message: 'must be a percentage from 0 to 100' },
    ]);
    expect(errorsOf(edited((d) => (d.sendTime.priorStrength = -1)))).toEqual([
      { path: 'sendTime.priorStrength', message: 'must be at least 0' },
    ]);
    expect(errorsOf(edited((d) => (d.sendTime.priorStrength = 1e6)))).toEqual([
      { path: 'sendTime.priorStrength', message: 'must be at most 1000' },
    ]);
    expect(errorsOf(edited((d) => (d.sendTime = 'soon')))).toEqual([
      { path: 'sendTime', message: 'must be an object' },
    ]);
  });
});
