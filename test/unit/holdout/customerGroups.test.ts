import { describe, expect, it } from 'vitest';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { toCustomerView } from '../../../domain/customer/customerView';
import { customerGroups } from '../../../domain/holdout';
import { defaultPolicy } from '../../../domain/policy';

const customer = { workspace: 'acme', customerId: 'c-1' };

describe("the customer's groups (GET /v1/customers/{id})", () => {
  it('are treatment everywhere without a holdout, and under the default policy', () => {
    expect(customerGroups(customer, [], undefined)).toEqual({ global: 'treatment', journeys: {} });
    expect(customerGroups(customer, [], defaultPolicy.holdout)).toEqual({
      global: 'treatment',
      journeys: {},
    });
    expect(toCustomerView(initialCustomerState('acme', 'c-1')).groups).toEqual({
      global: 'treatment',
      journeys: {},
    });
  });

  it('name the global group and an arm for each journey the policy holds a share of', () => {
    const holdout = {
      ...defaultPolicy.holdout,
      globalPercent: 100,
      journeys: { cartRecovery: 100, winBack: 0 },
    };
    expect(customerGroups(customer, [], holdout)).toEqual({
      global: 'control',
      journeys: { cartRecovery: 'control' },
    });
  });

  it("show an active run's own arm, drawn at its start, over what a run starting now would draw", () => {
    const runs = [{ name: 'cartRecovery', arm: 'control' as const }, { name: 'advocacy' }];
    expect(customerGroups(customer, runs, defaultPolicy.holdout)).toEqual({
      global: 'treatment',
      journeys: { cartRecovery: 'control' },
    });
  });
});
