import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../domain/policy';
import { edited, errorsOf } from './support/editedPolicy';

// `quietHours.channels`: quiet hours may hold only some channels (an SMS or a push wakes a phone, an email
// waits in the inbox), which lets "auto" move a message instead of deferring it (docs/PERSONALIZATION.md).
describe('quietHours.channels', () => {
  it('is optional: a policy without it holds every channel, one with it keeps it', () => {
    expect(validatePolicy(edited(() => undefined))).toMatchObject({ ok: true });
    const policy = edited((d) => (d.quietHours.channels = ['sms', 'push']));
    expect(validatePolicy(policy)).toMatchObject({
      ok: true,
      policy: { quietHours: { channels: ['sms', 'push'] } },
    });
  });

  it('names an unknown, repeated or empty list of channels', () => {
    expect(errorsOf(edited((d) => (d.quietHours.channels = ['sms', 'fax'])))).toEqual([
      { path: 'quietHours.channels.1', message: expect.stringContaining('must be one of') },
    ]);
    expect(errorsOf(edited((d) => (d.quietHours.channels = ['sms', 'sms'])))).toMatchObject([
      { path: expect.stringContaining('quietHours.channels') },
    ]);
    expect(errorsOf(edited((d) => (d.quietHours.channels = [])))).toMatchObject([
      { path: 'quietHours.channels' },
    ]);
  });
});
