import { describe, expect, it } from 'vitest';
import { journeyRegistry } from '../../../domain/journeys/registry';
import { defaultPolicy } from '../../../domain/policy';
import { defaultUpliftGoal, isKnownJourney } from '../../../domain/reports/upliftGoal';

const goals = { signup: { event: 'identify' as const, within: '1d' }, ...defaultPolicy.goals };

describe('defaultUpliftGoal', () => {
  it("reads a journey on the goal its runs are counted on: its policy entry's", () => {
    const policy = {
      ...defaultPolicy,
      goals,
      journeys: {
        ...defaultPolicy.journeys,
        cartRecovery: { ...defaultPolicy.journeys.cartRecovery, goal: 'signup' },
      },
    };
    expect(defaultUpliftGoal(journeyRegistry, policy, 'journey:cartRecovery')).toBe('signup');
  });

  it("falls back to the journey's registered default when a stored policy names none (cart recovery: purchase)", () => {
    const { goal: _none, ...withoutGoal } = defaultPolicy.journeys.cartRecovery;
    const policy = {
      ...defaultPolicy,
      goals,
      journeys: { ...defaultPolicy.journeys, cartRecovery: withoutGoal },
    };
    expect(defaultUpliftGoal(journeyRegistry, policy, 'journey:cartRecovery')).toBe('purchase');
  });

  it("takes the policy's first goal for global and campaign scopes, and for a journey without one", () => {
    const policy = { ...defaultPolicy, goals };
    expect(defaultUpliftGoal(journeyRegistry, policy, 'global')).toBe('signup');
    expect(defaultUpliftGoal(journeyRegistry, policy, 'campaign:spring')).toBe('signup');
    expect(defaultUpliftGoal(journeyRegistry, policy, 'journey:winBack')).toBe('signup');
  });

  it('uses the goal a custom journey of the policy names, and has none when the policy has no goals', () => {
    const policy = {
      ...defaultPolicy,
      goals,
      journeys: { ...defaultPolicy.journeys, vip: { enabled: true, goal: 'purchase' } },
    };
    expect(defaultUpliftGoal(journeyRegistry, policy, 'journey:vip')).toBe('purchase');
    expect(defaultUpliftGoal(journeyRegistry, { ...defaultPolicy, goals: {} }, 'global')).toBeUndefined();
  });
});

describe('isKnownJourney', () => {
  it("knows the registry's journeys and the policy's own, and nothing else", () => {
    const policy = { journeys: { ...defaultPolicy.journeys, vip: { enabled: true } } };
    expect(isKnownJourney(journeyRegistry, policy, 'winBack')).toBe(true);
    expect(isKnownJourney(journeyRegistry, policy, 'vip')).toBe(true);
    expect(isKnownJourney(journeyRegistry, policy, 'nope')).toBe(false);
    expect(isKnownJourney(journeyRegistry, policy, '__proto__')).toBe(false);
  });
});
