import { describe, expect, it } from 'vitest';
import { decideContact, MARKETING_CATEGORIES } from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import { at, context, request } from './fixtures';

const noon = at('2024-06-03T12:00');
const policy = defaultPolicy;

describe('an unreachable channel (its address hard-bounced)', () => {
  const bounced = context({ unreachable: { email: true } });

  it('suppresses every request on it, transactional included, with reason unreachable', () => {
    for (const category of ['transactional', 'service', 'promotion'] as const) {
      const result = decideContact(bounced, request({ category }), policy, noon);
      expect(result).toMatchObject({ decision: 'suppressed', reason: 'unreachable' });
      expect(result.inputs.unreachable).toBe(true);
    }
  });

  it('leaves the other channels alone', () => {
    const result = decideContact(bounced, request({ channel: 'sms', category: 'service' }), policy, noon);
    expect(result).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(result.inputs).not.toHaveProperty('unreachable');
  });
});

describe('an opt-out of one category of a channel', () => {
  const unsubscribed = context({ categoryConsent: { email: { newsletter: 'opted_out' } } });

  it('suppresses that category on that channel as opted_out, recording the category consent', () => {
    const result = decideContact(unsubscribed, request({ category: 'newsletter' }), policy, noon);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'opted_out' });
    expect(result.inputs).toMatchObject({ consent: 'opted_in', categoryConsent: 'opted_out' });
  });

  it('lets the other categories and channels through', () => {
    expect(decideContact(unsubscribed, request({ category: 'promotion' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
    expect(
      decideContact(unsubscribed, request({ channel: 'sms', category: 'newsletter' }), policy, noon),
    ).toMatchObject({ decision: 'sent' });
  });

  it('never holds back transactional', () => {
    const all = context({ categoryConsent: { email: { transactional: 'opted_out' } } });
    expect(decideContact(all, request({ category: 'transactional' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });

  it('a complaint (every marketing category) still lets service through', () => {
    const complained = context({
      categoryConsent: { email: Object.fromEntries(MARKETING_CATEGORIES.map((c) => [c, 'opted_out'])) },
    });
    for (const category of MARKETING_CATEGORIES) {
      expect(decideContact(complained, request({ category }), policy, noon)).toMatchObject({
        decision: 'suppressed',
        reason: 'opted_out',
      });
    }
    expect(decideContact(complained, request({ category: 'service' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });
});
