import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../domain/contact';
import type { EngagementProfile } from '../../../domain/personalization';
import {
  alternativesInOrder,
  chooseChannel,
  emptyEngagementProfile,
  recordDelivered,
  recordEngagement,
} from '../../../domain/personalization';
import { defaultPolicy } from '../../../domain/policy';
import { at, DAY, HOUR } from '../contact/fixtures';

const now = at('2024-06-10T12:00');
const policy = defaultPolicy; // fallbackOrder email, push, sms

/** `sent` messages on `channel` over the last days, of which the first `engaged` were opened by a person. */
function history(profile: EngagementProfile, channel: Channel, sent: number, engaged: number, daysAgo = 1) {
  let next = profile;
  for (let i = 0; i < sent; i++) {
    const when = now - daysAgo * DAY - i * HOUR;
    next = recordDelivered(next, channel, when);
    if (i < engaged)
      next = recordEngagement(
        next,
        channel,
        { messageId: `${channel}-${i}`, action: 'clicked', machine: false },
        when + 60_000,
        'UTC',
      );
  }
  return next;
}

describe('"channel": "auto"', () => {
  it('picks the channel with the best human opens or clicks per message received, and says why', () => {
    let profile = history(emptyEngagementProfile(), 'email', 4, 1);
    profile = history(profile, 'sms', 2, 2);
    const choice = chooseChannel(profile, ['email', 'sms', 'push'], policy, now);
    expect(choice).toMatchObject({ channel: 'sms', reason: 'engagement', channelsSeen: 2 });
    expect(choice?.scores.email).toBeCloseTo(0.25, 2);
    expect(choice?.scores.sms).toBeCloseTo(1, 2);
    expect(choice?.messagesSeen).toBeGreaterThan(5.5);
    expect(JSON.parse(JSON.stringify(choice))).toEqual(choice);
  });

  it('falls back to the policy order with fewer than 3 messages, or with data on one channel only', () => {
    const twoMessages = history(history(emptyEngagementProfile(), 'sms', 1, 1), 'email', 1, 0);
    expect(chooseChannel(twoMessages, ['sms', 'email', 'push'], policy, now)).toMatchObject({
      channel: 'email',
      reason: 'fallback_order',
    });
    const oneChannel = history(emptyEngagementProfile(), 'sms', 10, 10);
    expect(chooseChannel(oneChannel, ['sms', 'push'], policy, now)).toMatchObject({
      channel: 'push',
      reason: 'fallback_order',
      channelsSeen: 1,
    });
  });

  it('forgets old data: the same messages two months ago no longer make enough', () => {
    let profile = history(emptyEngagementProfile(), 'email', 2, 0, 60);
    profile = history(profile, 'sms', 2, 2, 60);
    expect(chooseChannel(profile, ['email', 'sms'], policy, now)?.reason).toBe('fallback_order');
    expect(chooseChannel(profile, ['email', 'sms'], policy, now - 59 * DAY)?.reason).toBe('engagement');
  });

  it('follows the policy order the workspace set, channels it does not list last', () => {
    const custom = { channels: { fallbackOrder: ['sms', 'email'] as Channel[] } };
    expect(chooseChannel(emptyEngagementProfile(), ['push', 'email', 'sms'], custom, now)?.channel).toBe(
      'sms',
    );
    expect(
      alternativesInOrder(emptyEngagementProfile(), ['push', 'email', 'sms'], custom, now, 'sms'),
    ).toEqual(['email', 'push']);
  });

  it('reads a policy from before `channels` with the default order: email, push, SMS', () => {
    expect(
      alternativesInOrder(emptyEngagementProfile(), ['sms', 'webhook', 'push', 'email'], {}, now, 'email'),
    ).toEqual(['push', 'sms', 'webhook']);
  });

  it('names the only candidate as such, and has nothing to choose among none', () => {
    expect(chooseChannel(emptyEngagementProfile(), ['sms'], policy, now)).toMatchObject({
      channel: 'sms',
      reason: 'only_candidate',
    });
    expect(chooseChannel(emptyEngagementProfile(), [], policy, now)).toBeUndefined();
  });

  it('offers the next best channels when the chosen one cannot go now', () => {
    let profile = history(emptyEngagementProfile(), 'email', 4, 1);
    profile = history(profile, 'sms', 2, 2);
    profile = history(profile, 'push', 4, 2);
    expect(alternativesInOrder(profile, ['email', 'sms', 'push'], policy, now, 'sms')).toEqual([
      'push',
      'email',
    ]);
  });
});
