// Tracked links end to end (docs/TRACKING.md): a message goes out through the real worker, Temporal and
// FerretDB with its links tracked; following them through the real API records engagement in the customer's
// workflow, once, and a one-click unsubscribe keeps the next promotion from going out.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageTracking } from '../../activities/delivery/messageTracking';
import type { OutboundMessage } from '../../activities/delivery/outboundMessage';
import { signTrackingToken, verifyTrackingToken } from '../../platform/trackingToken';
import { readOrCreateTrackingSecret } from '../../storage/trackingSecret';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid, zoneWhereItIs } from '../support/harness';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15';

interface Mail {
  raw: string;
  to: string[];
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let h: Harness;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        mails.push({ raw, to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  h = await createHarness({
    deliveryEnv: {
      TUTTI_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      TUTTI_SMTP_FROM: 'Acme <hello@acme.test>',
      TUTTI_PUBLIC_URL: 'https://t.acme.test/',
    },
  });
});
afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(r) : r()));
});

/** A tracking URL of a message, asked of the harness's API (the public URL is where it would be on the internet). */
function hit(url: string, init: RequestInit & { userAgent?: string } = {}): Promise<Response> {
  const path = url.replace('https://t.acme.test', '');
  return fetch(`${h.baseUrl}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { 'user-agent': init.userAgent ?? BROWSER, ...(init.headers as Record<string, string>) },
  });
}

async function identify(customerId: string) {
  const res = await h.request('POST', '/v1/events', {
    id: `id-${uid()}`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits: { email: `${customerId}@example.test`, timezone: zoneWhereItIs(13) } },
  });
  expect(res.status).toBe(202);
}

async function send(customerId: string, id: string, category: string, content?: Record<string, unknown>) {
  const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
    id,
    channel: 'email',
    category,
    ...(content ? { content } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { decision: string; reason: string; messageId?: string };
}

async function delivered(messageId: string) {
  return eventually(async () => {
    const doc = await h.storage.models.outbox.findById(messageId).lean();
    return doc?.status === 'delivered' ? doc : undefined;
  }, 30_000);
}

/**
 * The open pixel an HTML email of this message carries, made by the delivery's own tracking with the
 * installation's secret. Contact requests carry no HTML of their own (`content` is subject, body, template
 * and data): HTML comes from templates, rendered at send time.
 */
async function pixelOf(customerId: string, messageId: string, category: string): Promise<string> {
  const tracking = createMessageTracking({
    publicUrl: 'https://t.acme.test',
    secret: () => readOrCreateTrackingSecret(h.storage.connection),
  });
  const message: OutboundMessage = {
    workspace: 'default',
    customerId,
    messageId,
    requestId: 'r',
    channel: 'email',
    category,
    priority: 50,
    content: { html: '<p>Hello</p>' },
    recipient: {},
    decidedAt: new Date().toISOString(),
  };
  const tracked = await tracking.track(message);
  return /<img src="([^"]+)"/.exec((tracked.content as { html: string }).html)?.[1] ?? '';
}

async function engagementEntries(customerId: string) {
  const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
  if (res.status !== 200) return [];
  return (
    res.body.entries as { type?: string; properties?: Record<string, unknown>; engagement?: unknown }[]
  ).filter((e) => e.type === 'engagement');
}

describe('tracked links, the open pixel and one-click unsubscribe', () => {
  it('redirects a click to the message’s URL and records it once, however often it is clicked; a forged link is a 404 and records nothing', async () => {
    const c = `trk-${uid()}`;
    await identify(c);
    const shoes = 'https://shop.example/shoes?id=7&size=42';
    const answer = await send(c, 'promo-1', 'promotion', {
      subject: 'Your shoes are waiting',
      body: `Still thinking? ${shoes}\nQuestions: mailto:help@acme.test`,
    });
    expect(answer).toMatchObject({ decision: 'sent', messageId: expect.any(String) });
    const messageId = answer.messageId as string;

    // What the outbox keeps is what went out: the links tracked, the rest as written.
    const doc = await delivered(messageId);
    const content = doc.content as { body: string; subject: string };
    expect(content.subject).toBe('Your shoes are waiting');
    const link = /https:\/\/t\.acme\.test\/t\/c\/[A-Za-z0-9_.-]+/.exec(content.body)?.[0] ?? '';
    expect(link).not.toBe('');
    expect(content.body).not.toContain(shoes);
    expect(content.body).toContain('mailto:help@acme.test');

    // The email itself: the same tracked text, and List-Unsubscribe for this marketing message.
    const mail = await eventually(() => mails.find((m) => m.to.includes(`${c}@example.test`)));
    const unfolded = mail.raw.replace(/\r?\n[ \t]+/g, ' ').replace(/=\r?\n/g, '');
    expect(unfolded).toContain(link);
    const [, unsubscribeUrl] = /^List-Unsubscribe: <([^>]+)>\r?$/im.exec(unfolded) ?? [];
    expect(unsubscribeUrl).toMatch(/^https:\/\/t\.acme\.test\/t\/u\//);
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);

    const first = await hit(link);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(shoes);
    const again = await hit(link);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(shoes);

    // Altered, truncated, or a valid payload under another's signature: 404, nothing recorded.
    const token = link.slice(link.lastIndexOf('/') + 1);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const secret = await readOrCreateTrackingSecret(h.storage.connection);
    const claims = verifyTrackingToken(secret, token);
    expect(claims).toMatchObject({ messageId, kind: 'click', url: shoes });
    const [otherPayload] = signTrackingToken(secret, {
      ...claims!,
      url: 'https://evil.example/',
    }).split('.');
    const swapped = `${otherPayload}.${token.split('.')[1]}`;
    const forged = signTrackingToken('not-the-secret-but-32-characters-long', claims!);
    for (const bad of [flipped, token.slice(0, -3), swapped, forged, 'nonsense']) {
      const res = await hit(`/t/c/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }

    const ledgerRow = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${c}/ledger`);
      return (res.body.contacts as { messageId: string; clickedAt?: string }[]).find(
        (x) => x.messageId === messageId && x.clickedAt,
      );
    }, 30_000);
    expect(ledgerRow.clickedAt).toEqual(expect.any(String));

    // A later hit on the same message lands after the second click's: by then, still one click.
    const opened = await hit(await pixelOf(c, messageId, 'promotion'));
    expect(opened.status).toBe(200);
    await eventually(async () =>
      (await engagementEntries(c)).some((e) => e.properties?.action === 'opened') ? true : undefined,
    );
    const entries = await engagementEntries(c);
    const clicks = entries.filter((e) => e.properties?.action === 'clicked');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({
      properties: { messageId, action: 'clicked', url: shoes },
      engagement: { known: true, counted: true, machine: false },
    });
    // Nothing but the click and the open: the forged links recorded nothing.
    expect(entries).toHaveLength(2);
  });

  it('serves the open pixel as an uncached GIF, and records a proxy’s open as machine, apart from the person’s', async () => {
    const c = `pix-${uid()}`;
    await identify(c);
    const { messageId } = await send(c, 'news-1', 'newsletter', { subject: 'News', body: 'Hello' });
    await delivered(messageId as string);
    const pixel = await pixelOf(c, messageId as string, 'newsletter');
    expect(pixel).toMatch(/^https:\/\/t\.acme\.test\/t\/o\/[A-Za-z0-9_.-]+\.gif$/);

    const proxy = await hit(pixel, {
      userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    });
    expect(proxy.status).toBe(200);
    expect(proxy.headers.get('content-type')).toBe('image/gif');
    expect(proxy.headers.get('cache-control')).toContain('no-store');
    const gif = Buffer.from(await proxy.arrayBuffer());
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);

    const row = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${c}/ledger`);
      return (res.body.contacts as { messageId: string; machineOpenedAt?: string }[]).find(
        (x) => x.messageId === messageId && x.machineOpenedAt,
      );
    }, 30_000);
    expect(row).not.toHaveProperty('openedAt');

    expect((await hit(pixel)).status).toBe(200);
    const both = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${c}/ledger`);
      return (res.body.contacts as { messageId: string; openedAt?: string; machineOpenedAt?: string }[]).find(
        (x) => x.messageId === messageId && x.openedAt,
      );
    }, 30_000);
    expect(both.machineOpenedAt).toBe(row.machineOpenedAt);
    expect((await hit(pixel.replace(/.\.gif$/, 'x.gif'))).status).toBe(404);
  });

  it('unsubscribes in one click (RFC 8058): the page asks, the POST opts out of the category, and the next promotion is suppressed', async () => {
    const c = `uns-${uid()}`;
    await identify(c);
    const { messageId } = await send(c, 'promo-1', 'promotion', { subject: 'Sale', body: 'Sale now' });
    await delivered(messageId as string);
    const mail = await eventually(() => mails.find((m) => m.to.includes(`${c}@example.test`)));
    const unfolded = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
    const [, url] = /^List-Unsubscribe: <([^>]+)>\r?$/im.exec(unfolded) ?? [];

    // A GET (a person's browser, or a scanner following every link) only asks.
    const page = await hit(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).not.toMatch(/<script/i);
    await new Promise((r) => setTimeout(r, 500));
    expect((await engagementEntries(c)).some((e) => e.properties?.action === 'unsubscribed')).toBe(false);

    const post = await hit(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      userAgent: 'Mozilla/5.0 (compatible; Google-One-Click-Unsubscribe)',
    });
    expect(post.status).toBe(200);
    await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${c}/ledger`);
      return (res.body.contacts as { messageId: string; unsubscribedAt?: string }[]).find(
        (x) => x.messageId === messageId && x.unsubscribedAt,
      );
    }, 30_000);

    // Opted out of promotions on email: refused before any cap is looked at; newsletters still go.
    expect(await send(c, 'promo-2', 'promotion', { body: 'More' })).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    expect(await send(c, 'news-1', 'newsletter', { body: 'News' })).toMatchObject({ decision: 'sent' });
    expect((await hit(url.replace('/t/u/', '/t/c/'))).status).toBe(404);
  });
});
