import { describe, expect, it } from 'vitest';
import type { PolicyValidationError } from '../../../domain/policy';
import { defaultPolicy, validatePolicy, validatePolicyBody } from '../../../domain/policy';

type Editable = Record<string, any>;

function edited(edit: (doc: Editable) => void): Editable {
  const doc = JSON.parse(JSON.stringify(defaultPolicy)) as Editable;
  edit(doc);
  return doc;
}

function errorsOf(input: unknown): PolicyValidationError[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

describe('goals, holdout and journey goals in the default policy (docs/DESIGN.md, policy additions)', () => {
  it('are exactly the documented defaults', () => {
    expect(defaultPolicy.goals).toEqual({ purchase: { event: 'purchase', within: '7d' } });
    expect(defaultPolicy.holdout).toEqual({
      globalPercent: 0,
      salt: 'tutti',
      journeys: {},
      exemptCategories: ['transactional', 'service'],
    });
    expect(defaultPolicy.journeys.cartRecovery.goal).toBe('purchase');
  });

  it('default when absent from a stored policy (one published before them) and from a PUT body', () => {
    const before = edited((d) => {
      delete d.goals;
      delete d.holdout;
      delete d.journeys.cartRecovery.goal;
    });
    const stored = validatePolicy(before);
    expect(stored.ok && stored.policy.goals).toEqual(defaultPolicy.goals);
    expect(stored.ok && stored.policy.holdout).toEqual(defaultPolicy.holdout);
    const { version: _version, ...body } = before;
    const put = validatePolicyBody(body);
    expect(put.ok && put.policy.holdout.globalPercent).toBe(0);
    // The defaults are copies: a policy read back never shares a list with defaultPolicy.
    expect(stored.ok && stored.policy.holdout.exemptCategories).not.toBe(
      defaultPolicy.holdout.exemptCategories,
    );
  });

  it('accepts a goal with property equality, a global and a journey holdout in steps of 0.01', () => {
    const input = edited((d) => {
      d.goals.annual = { event: 'purchase', where: { plan: 'annual', gift: false, seats: 5 }, within: '30d' };
      d.journeys.advocacy.goal = 'annual';
      d.holdout = {
        globalPercent: 12.5,
        salt: 'spring-2026',
        journeys: { cartRecovery: 10, winBack: 0.01 },
        exemptCategories: ['transactional', 'service', 'survey'],
      };
    });
    expect(validatePolicy(input)).toEqual({ ok: true, policy: input });
  });
});

describe('errors name the field', () => {
  it.each<[string, (doc: Editable) => void, string, RegExp]>([
    [
      'a goal on an unknown event type',
      (d) => (d.goals.purchase.event = 'bought'),
      'goals.purchase.event',
      /an event type/,
    ],
    [
      'a goal without a window',
      (d) => delete d.goals.purchase.within,
      'goals.purchase.within',
      /is required/,
    ],
    [
      'a zero goal window',
      (d) => (d.goals.purchase.within = '0d'),
      'goals.purchase.within',
      /longer than zero/,
    ],
    [
      'a goal property compared with an object',
      (d) => (d.goals.purchase.where = { cart: { id: 1 } }),
      'goals.purchase.where.cart',
      /string, a number, true or false/,
    ],
    [
      'a goal name unfit for a key',
      (d) => (d.goals['a.b'] = { event: 'purchase', within: '1d' }),
      'goals.a.b',
      /not a valid goal name/,
    ],
    [
      'a journey naming no goal of the policy',
      (d) => (d.journeys.cartRecovery.goal = 'checkout'),
      'journeys.cartRecovery.goal',
      /must name a goal in goals \(purchase\)/,
    ],
    [
      'a negative global percent',
      (d) => (d.holdout.globalPercent = -1),
      'holdout.globalPercent',
      /at least 0/,
    ],
    [
      'a global percent over 100',
      (d) => (d.holdout.globalPercent = 100.5),
      'holdout.globalPercent',
      /at most 100/,
    ],
    [
      'a percent finer than a bucket',
      (d) => (d.holdout.globalPercent = 0.005),
      'holdout.globalPercent',
      /steps of 0.01/,
    ],
    ['an empty salt', (d) => (d.holdout.salt = ''), 'holdout.salt', /must not be empty/],
    [
      'a journey percent as text',
      (d) => (d.holdout.journeys = { cartRecovery: '10%' }),
      'holdout.journeys.cartRecovery',
      /percentage/,
    ],
    [
      'a holdout for a journey nobody knows',
      (d) => (d.holdout.journeys = { cartRecovry: 10 }),
      'holdout.journeys.cartRecovry',
      /must name a journey/,
    ],
    [
      'transactional held out',
      (d) => (d.holdout.exemptCategories = ['service']),
      'holdout.exemptCategories',
      /must include transactional/,
    ],
    [
      'an unknown exempt category',
      (d) => d.holdout.exemptCategories.push('spam'),
      'holdout.exemptCategories.2',
      /one of transactional/,
    ],
    [
      'a misspelt holdout field',
      (d) => (d.holdout.globalPercentage = 5),
      'holdout.globalPercentage',
      /not a policy field/,
    ],
  ])('%s', (_name, edit, path, message) => {
    expect(errorsOf(edited(edit))).toEqual([{ path, message: expect.stringMatching(message) as string }]);
  });
});
