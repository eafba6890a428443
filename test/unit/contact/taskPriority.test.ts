import { describe, expect, it } from 'vitest';
import { deliveryTaskPriority, TASK_PRIORITY, workClassOf } from '../../../domain/contact/taskPriority';
import { CATEGORIES, MARKETING_CATEGORIES } from '../../../domain/contact/types';

describe('task priority', () => {
  it('serves transactional before service before anything unclassified before marketing', () => {
    expect(TASK_PRIORITY.transactional).toBeLessThan(TASK_PRIORITY.service);
    // 3 is what Temporal gives a task with no priority (the customer workflows' own tasks).
    expect(TASK_PRIORITY.service).toBeLessThan(3);
    expect(TASK_PRIORITY.marketing).toBeGreaterThan(3);
    expect(TASK_PRIORITY.marketing).toBeLessThanOrEqual(5);
  });

  it('classes every marketing category as marketing, and only those', () => {
    for (const category of CATEGORIES) {
      const marketing = (MARKETING_CATEGORIES as readonly string[]).includes(category);
      expect(workClassOf(category) === 'marketing').toBe(marketing);
    }
    expect(deliveryTaskPriority('transactional')).toBe(1);
    expect(deliveryTaskPriority('service')).toBe(2);
    expect(deliveryTaskPriority('newsletter')).toBe(4);
  });
});
