import type { z } from 'zod';
import { flag, goalName, object } from '../policy/settingFields';

/**
 * A journey's settings, declared one way for every journey: `enabled` plus its own fields, built from the
 * policy's field rules (domain/policy/settingFields.ts). The registry (registry.ts) names each journey's
 * declaration, and the policy schema composes them into `journeys`, so a wrong value in a journey's entry is
 * a 400 naming the field, exactly as a wrong cap is. Every journey may name the goal its runs convert on
 * (`goal`, a name in the policy's `goals`).
 */
export function journeySettings<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return object({ enabled: flag, goal: goalName.optional(), ...shape });
}
