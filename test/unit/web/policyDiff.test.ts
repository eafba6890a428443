import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../domain/policy';
import { changeInWords, diffPolicies, pathInWords } from '../../../web/src/policyDiff';

const base = () => structuredClone(defaultPolicy) as any;

describe('what changed between two policy versions', () => {
  it('finds nothing between a version and itself, whatever their numbers', () => {
    expect(diffPolicies(base(), { ...base(), version: 9 })).toEqual([]);
  });

  it('names a changed setting by its path, with the value before and after', () => {
    const next = base();
    next.holdout.globalPercent = 5;
    next.quietHours.start = '22:00';
    expect(diffPolicies(base(), next)).toEqual([
      { path: ['quietHours', 'start'], kind: 'changed', before: '21:00', after: '22:00' },
      { path: ['holdout', 'globalPercent'], kind: 'changed', before: 0, after: 5 },
    ]);
  });

  it('compares caps by name: removing the first one is that cap removed, not every later one changed', () => {
    const next = base();
    const [first] = next.caps.splice(0, 1);
    next.caps.find((c: any) => c.name === 'sms-24h').limit = 2;
    next.caps.push({ name: 'push-24h', channels: ['push'], limit: 3, window: '24h' });
    expect(diffPolicies(base(), next)).toEqual([
      { path: ['caps', { name: 'marketing-24h' }], kind: 'removed', before: first },
      { path: ['caps', { name: 'sms-24h' }, 'limit'], kind: 'changed', before: 1, after: 2 },
      {
        path: ['caps', { name: 'push-24h' }],
        kind: 'added',
        after: { name: 'push-24h', channels: ['push'], limit: 3, window: '24h' },
      },
    ]);
  });

  it('compares topics and teams by name, and a topic’s phrases as words added and removed', () => {
    const before = base();
    before.teams = [{ name: 'logistics', topics: ['delay'], webhook: 'https://hooks.test/a' }];
    const next = structuredClone(before);
    const delay = next.topics.find((t: any) => t.name === 'delay');
    const dropped = delay.any[0];
    delay.any = [...delay.any.slice(1), 'running behind'];
    next.teams[0].webhook = 'https://hooks.test/b';
    expect(diffPolicies(before, next)).toEqual([
      { path: ['topics', { name: 'delay' }, 'any'], kind: 'removed', before: dropped },
      { path: ['topics', { name: 'delay' }, 'any'], kind: 'added', after: 'running behind' },
      {
        path: ['teams', { name: 'logistics' }, 'webhook'],
        kind: 'changed',
        before: 'https://hooks.test/a',
        after: 'https://hooks.test/b',
      },
    ]);
  });

  it('reads a list whose items only moved as one change of order', () => {
    const next = base();
    next.channels.fallbackOrder = ['sms', 'email', 'push'];
    expect(diffPolicies(base(), next)).toEqual([
      {
        path: ['channels', 'fallbackOrder'],
        kind: 'changed',
        before: ['email', 'push', 'sms'],
        after: ['sms', 'email', 'push'],
      },
    ]);
  });

  it('reports keys added and removed whole, such as a journey holdout or a goal', () => {
    const before = base();
    const next = base();
    next.holdout.journeys = { cartRecovery: 10 };
    delete next.goals.purchase;
    next.goals.signup = { event: 'identify', within: '3d' };
    next.journeys.cartRecovery.goal = 'signup';
    expect(diffPolicies(before, next)).toEqual([
      { path: ['journeys', 'cartRecovery', 'goal'], kind: 'changed', before: 'purchase', after: 'signup' },
      { path: ['goals', 'purchase'], kind: 'removed', before: { event: 'purchase', within: '7d' } },
      { path: ['goals', 'signup'], kind: 'added', after: { event: 'identify', within: '3d' } },
      { path: ['holdout', 'journeys', 'cartRecovery'], kind: 'added', after: 10 },
    ]);
  });

  it('compares lists without names or with repeated names position by position', () => {
    expect(diffPolicies({ x: [{ a: 1 }, { a: 2 }] }, { x: [{ a: 1 }, { a: 3 }, { a: 4 }] })).toEqual([
      { path: ['x', 1, 'a'], kind: 'changed', before: 2, after: 3 },
      { path: ['x', 2], kind: 'added', after: { a: 4 } },
    ]);
    expect(diffPolicies({ x: ['a', 'a'] }, { x: ['a'] })).toEqual([
      { path: ['x', 1], kind: 'removed', before: 'a' },
    ]);
  });

  it('says each change in words: the path as the page names it, before → after', () => {
    const next = base();
    next.caps[3].limit = 2;
    next.holdout.journeys = { cartRecovery: 10 };
    next.exclusions.categories = ['promotion', 'newsletter', 'reminder'];
    next.alerts.nssDrop.sigma = 3;
    expect(diffPolicies(base(), next).map(changeInWords)).toEqual([
      'Frequency caps › “sms-24h” › limit: 1 → 2',
      'Exclusions › categories: removed advocacy',
      'Holdout › journeys › “cartRecovery”: added 10',
      'Alerts › NSS drop › sigma: 2 → 3',
    ]);
    expect(pathInWords([])).toBe('The whole document');
    expect(pathInWords(['caps', 0, 'window'])).toBe('Frequency caps › item 1 › window');
  });
});
