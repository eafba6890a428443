import { describe, expect, it } from 'vitest';
import { createMessageTracking } from '../../../activities/delivery/messageTracking';
import type { OutboundMessage } from '../../../activities/delivery/outboundMessage';
import { listUnsubscribeHeaders } from '../../../activities/delivery/smtpSender';
import { engagementEvent } from '../../../api/routes/tracking';
import { trackingEngagement } from '../../../domain/tracking/trackingEngagement';
import { verifyTrackingToken } from '../../../platform/trackingToken';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const tracking = createMessageTracking({
  publicUrl: 'https://t.acme.test/',
  secret: () => Promise.resolve(SECRET),
});

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    workspace: 'acme',
    customerId: 'c-1',
    messageId: 'msg-1',
    requestId: 'req-1',
    channel: 'email',
    category: 'promotion',
    priority: 50,
    content: { subject: 'Sale https://shop.example/s', body: 'Shoes: https://shop.example/shoes' },
    recipient: { email: 'ada@example.test' },
    decidedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

const tokenOf = (url: string) => /\/t\/[cou]\/([A-Za-z0-9_.-]+?)(?:\.gif)?$/.exec(url)?.[1] ?? '';

describe('tracking a message as it goes out', () => {
  it('rewrites the body, the text and the HTML of an email, with a pixel in the HTML, the subject untouched', async () => {
    const content = {
      subject: 'Sale https://shop.example/s',
      body: 'Shoes: https://shop.example/shoes',
      text: 'Text https://shop.example/t',
      html: '<body><a href="https://shop.example/h">h</a></body>',
    };
    const tracked = (await tracking.track(message({ content }))).content as typeof content;
    expect(tracked.subject).toBe(content.subject);
    const click = /https:\/\/t\.acme\.test\/t\/c\/[A-Za-z0-9_.-]+/;
    expect(tracked.body).toMatch(new RegExp(`^Shoes: ${click.source}$`));
    expect(tracked.text).toMatch(new RegExp(`^Text ${click.source}$`));
    const [, href, pixel] = /href="([^"]+)".*<img src="([^"]+)"/.exec(tracked.html) ?? [];
    expect(verifyTrackingToken(SECRET, tokenOf(href))).toMatchObject({
      kind: 'click',
      url: 'https://shop.example/h',
      messageId: 'msg-1',
      customerId: 'c-1',
      workspace: 'acme',
      category: 'promotion',
      channel: 'email',
    });
    expect(verifyTrackingToken(SECRET, tokenOf(pixel))).toMatchObject({ kind: 'open', messageId: 'msg-1' });
    // A retried delivery writes and sends the same links.
    expect((await tracking.track(message({ content }))).content).toEqual(tracked);
  });

  it('tracks the links of an SMS without a pixel, and leaves a webhook message as the sender wrote it', async () => {
    const sms = await tracking.track(message({ channel: 'sms' }));
    expect(sms.content.body).toMatch(/^Shoes: https:\/\/t\.acme\.test\/t\/c\//);
    const webhook = message({ channel: 'webhook' });
    expect(await tracking.track(webhook)).toEqual(webhook);
  });

  it('gives marketing email a one-click unsubscribe, and receipts none', async () => {
    const url = await tracking.unsubscribeUrl(message());
    expect(verifyTrackingToken(SECRET, tokenOf(url ?? ''))).toMatchObject({
      kind: 'unsubscribe',
      category: 'promotion',
    });
    expect(listUnsubscribeHeaders(url)).toEqual({
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(await tracking.unsubscribeUrl(message({ category: 'transactional' }))).toBeUndefined();
    expect(await tracking.unsubscribeUrl(message({ channel: 'sms' }))).toBeUndefined();
    expect(listUnsubscribeHeaders(undefined)).toEqual({});
  });
});

describe('the engagement a hit records', () => {
  const claims = {
    workspace: 'acme',
    customerId: 'c-1',
    messageId: 'msg-1',
    channel: 'email' as const,
    category: 'newsletter' as const,
  };

  it('is a click with its URL, an open, or an unsubscribe from the category; machine only for opens and clicks', () => {
    expect(trackingEngagement({ ...claims, kind: 'click', url: 'https://a.example/' }, true)).toEqual({
      messageId: 'msg-1',
      action: 'clicked',
      url: 'https://a.example/',
      machine: true,
    });
    expect(trackingEngagement({ ...claims, kind: 'open' }, false)).toEqual({
      messageId: 'msg-1',
      action: 'opened',
    });
    expect(trackingEngagement({ ...claims, kind: 'unsubscribe' }, true)).toEqual({
      messageId: 'msg-1',
      action: 'unsubscribed',
      category: 'newsletter',
    });
  });

  it('has one id per (message, action, url, machine), whenever it happens', () => {
    const a = { ...claims, kind: 'click' as const, url: 'https://a.example/' };
    const first = engagementEvent(a, false, new Date('2026-12-01T10:00:00Z'));
    const again = engagementEvent(a, false, new Date('2026-12-01T11:00:00Z'));
    expect(again.id).toBe(first.id);
    expect(first.id.length).toBeLessThanOrEqual(128);
    expect(engagementEvent(a, true).id).not.toBe(first.id);
    expect(engagementEvent({ ...a, url: 'https://b.example/' }, false).id).not.toBe(first.id);
    expect(engagementEvent({ ...claims, kind: 'open' }, false).id).not.toBe(first.id);
    expect(first).toMatchObject({ customerId: 'c-1', type: 'engagement', channel: 'email' });
  });
});
