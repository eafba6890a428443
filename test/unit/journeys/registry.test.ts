import { describe, expect, it } from 'vitest';
import { journeyRegistry } from '../../../domain/journeys/registry';
import { settingsOf } from '../../../domain/journeys/journeyRegistration';
import { defaultPolicy } from '../../../domain/policy';
// The worker bundles exactly this module: what it exports is what the worker can run.
import * as workflowBundle from '../../../workflows';

describe('the journey registry', () => {
  it('names only workflow types the workflow bundle exports', () => {
    const exported = Object.entries(workflowBundle)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    for (const { name, workflowType } of journeyRegistry) {
      expect(exported, `journey ${name}`).toContain(workflowType);
    }
  });

  it('gives each journey one name, usable as a policy key and in workflow ids', () => {
    const names = journeyRegistry.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/);
  });

  it("accepts the default policy's entry of every journey it declares, and keeps one it does not name off", () => {
    for (const registration of journeyRegistry) {
      const entry = (defaultPolicy.journeys as Record<string, unknown>)[registration.name];
      if (entry === undefined) {
        expect(settingsOf(registration, defaultPolicy), registration.name).toEqual({ enabled: false });
      } else {
        expect(registration.settings.safeParse(entry).success, registration.name).toBe(true);
      }
    }
  });
});
