import { describe, expect, it } from 'vitest';
import { incomingEventSchema } from '../../../domain/events/eventSchema';

const engagement = (properties: Record<string, unknown>) => ({
  id: 'e1',
  customerId: 'c1',
  type: 'engagement',
  channel: 'email',
  properties,
});

function problems(event: unknown): { path: PropertyKey[]; message: string }[] {
  const result = incomingEventSchema.safeParse(event);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

describe('an engagement event', () => {
  it('is accepted with a messageId and an action, and the optional fields of the contract', () => {
    expect(problems(engagement({ messageId: 'm1', action: 'delivered' }))).toEqual([]);
    expect(
      problems(engagement({ messageId: 'm1', action: 'clicked', url: 'https://x.example', machine: true })),
    ).toEqual([]);
    expect(problems(engagement({ messageId: 'm1', action: 'bounced', bounce: 'hard' }))).toEqual([]);
    expect(problems(engagement({ messageId: 'm1', action: 'unsubscribed', category: 'newsletter' }))).toEqual(
      [],
    );
  });

  it('is refused naming each field that is wrong', () => {
    expect(problems(engagement({})).map((p) => p.path)).toEqual([
      ['properties', 'messageId'],
      ['properties', 'action'],
    ]);
    expect(
      problems(
        engagement({
          messageId: 'm1',
          action: 'read',
          bounce: 'maybe',
          machine: 'yes',
          category: 'spam',
          url: 1,
        }),
      ).map((p) => p.path.join('.')),
    ).toEqual([
      'properties.action',
      'properties.url',
      'properties.bounce',
      'properties.machine',
      'properties.category',
    ]);
    const withoutProperties = { ...engagement({}), properties: undefined };
    expect(problems(withoutProperties).map((p) => p.path.join('.'))).toEqual([
      'properties.messageId',
      'properties.action',
    ]);
  });
});

describe('a consent event', () => {
  it('may name one category, which must be a category', () => {
    const consent = (properties: Record<string, unknown>) => ({ ...engagement(properties), type: 'consent' });
    expect(problems(consent({ channel: 'email', status: 'opted_in', category: 'survey' }))).toEqual([]);
    expect(problems(consent({ channel: 'email', status: 'opted_in', category: 'all' }))[0].path).toEqual([
      'properties',
      'category',
    ]);
  });
});
