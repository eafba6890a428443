import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDeliverMessage } from '../../activities/delivery/deliverMessage';
import { MISSING_RECIPIENT_EMAIL, WEBHOOK_REJECTED } from '../../domain/failureTypes';
import type { DeliveryConfig } from '../../platform/config';
import type { OutboundMessage } from '../../activities/delivery/outboundMessage';
import { createSendTeamAlert } from '../../activities/delivery/sendTeamAlert';
import { verifyWebhookSignature } from '../../activities/delivery/webhookSignature';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';

const SECRET = 'whsec_integration';

/**
 * A webhook receiver as a customer would write one (docs/DELIVERY.md): verifies the signature on the raw
 * body and counts deliveries per Idempotency-Key. Answers from `replies` in turn, then 200.
 */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}
let received: Received[] = [];
let replies: number[] = [];
let http: Server;
let httpUrl: string;

interface Mail {
  raw: string;
  from: string | undefined;
  to: string[];
}
let mails: Mail[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

let storage: Storage;

beforeAll(async () => {
  storage = await openStorage(inject('mongoUri'), {
    dbName: `tutti_test_delivery_${randomUUID().slice(0, 8)}`,
  });

  http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body,
        signatureValid: verifyWebhookSignature({
          secret: SECRET,
          body,
          timestamp: req.headers['x-tutti-timestamp'] as string | undefined,
          signature: req.headers['x-tutti-signature'] as string | undefined,
        }),
      });
      res.statusCode = replies.shift() ?? 200;
      res.end(res.statusCode >= 400 ? `refused with ${res.statusCode}` : '');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    // No AUTH, and no STARTTLS: the test relay's self-signed certificate would (rightly) be refused.
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({
          raw,
          from: from ? from.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => http?.close(r));
  await new Promise<void>((r) => (smtp ? smtp.close(r) : r()));
  await storage?.connection.dropDatabase();
  await storage?.close();
});

beforeEach(() => {
  received = [];
  replies = [];
  mails = [];
});

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const id = randomUUID();
  return {
    workspace: 'acme',
    customerId: 'c-42',
    messageId: `msg-${id}`,
    requestId: `req-${id}`,
    channel: 'webhook',
    category: 'service',
    priority: 50,
    content: { subject: 'We are sorry', body: 'Your order is on its way.', data: { orderId: 'o-1' } },
    recipient: { email: 'ada@example.test', name: 'Ada Lovelace', locale: 'en' },
    decidedAt: new Date().toISOString(),
    ...overrides,
  };
}

function deliverWith(config: DeliveryConfig) {
  return createDeliverMessage({ models: storage.models, config });
}

const webhookConfig = (): DeliveryConfig => ({ webhook: { url: `${httpUrl}/tutti`, secret: SECRET } });

async function outboxDoc(messageId: string) {
  return storage.models.outbox.findById(messageId).lean();
}

describe('deliverMessage, no adapter configured: the outbox is the delivery', () => {
  it('records the message as delivered once, and a second call finds it delivered', async () => {
    const deliver = deliverWith({});
    const m = message({ channel: 'email' });
    const first = await deliver(m);
    expect(first).toMatchObject({ messageId: m.messageId, adapter: 'outbox', status: 'delivered' });

    const second = await deliver(m);
    expect(second).toEqual({ ...first, status: 'already_delivered' });

    const doc = await outboxDoc(m.messageId);
    expect(doc).toMatchObject({
      _id: m.messageId,
      workspace: 'acme',
      customerId: 'c-42',
      requestId: m.requestId,
      channel: 'email',
      status: 'delivered',
      adapter: 'outbox',
      attempts: 1,
      content: m.content,
      recipient: m.recipient,
    });
    expect(doc!.deliveredAt!.toISOString()).toBe(first.deliveredAt);
    expect(doc!.decidedAt.toISOString()).toBe(m.decidedAt);
  });
});

describe('deliverMessage through the webhook', () => {
  it('posts the signed message once with Idempotency-Key = messageId, however often it is called', async () => {
    const deliver = deliverWith(webhookConfig());
    const m = message();
    const first = await deliver(m);
    const second = await deliver(m);

    expect(first).toMatchObject({ adapter: 'webhook', status: 'delivered' });
    expect(second).toMatchObject({
      adapter: 'webhook',
      status: 'already_delivered',
      deliveredAt: first.deliveredAt,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/tutti', signatureValid: true });
    expect(received[0].headers['idempotency-key']).toBe(m.messageId);
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0].body)).toEqual(m);
    expect(await outboxDoc(m.messageId)).toMatchObject({
      status: 'delivered',
      adapter: 'webhook',
      attempts: 1,
    });
  });

  it('relays sms and push through the webhook (Tutti has no SMS or push provider of its own)', async () => {
    const deliver = deliverWith(webhookConfig());
    await deliver(message({ channel: 'sms' }));
    await deliver(message({ channel: 'push' }));
    expect(received.map((r) => JSON.parse(r.body).channel)).toEqual(['sms', 'push']);
  });

  it('throws a retryable error on a 500, and the retry delivers with the same key', async () => {
    const deliver = deliverWith(webhookConfig());
    const m = message();
    replies = [500];

    const error = await deliver(m).then(
      () => expect.fail('the 500 should fail the attempt'),
      (e: unknown) => e,
    );
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    expect(await outboxDoc(m.messageId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await outboxDoc(m.messageId))!.lastError).toMatch(/answered 500/);

    expect(await deliver(m)).toMatchObject({ status: 'delivered', adapter: 'webhook' });
    expect(received.map((r) => r.headers['idempotency-key'])).toEqual([m.messageId, m.messageId]);
    expect(received.every((r) => r.signatureValid)).toBe(true);
    const doc = await outboxDoc(m.messageId);
    expect(doc).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(doc!.lastError).toBeUndefined();
  });

  it('fails a 400 for good: a non-retryable ApplicationFailure, and the outbox says failed', async () => {
    const deliver = deliverWith(webhookConfig());
    const m = message();
    replies = [400];
    const error = await deliver(m).then(
      () => expect.fail('the 400 should fail the attempt'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, type: WEBHOOK_REJECTED });
    expect((error as Error).message).toMatch(/answered 400: refused with 400/);
    expect(await outboxDoc(m.messageId)).toMatchObject({ status: 'failed', attempts: 1 });
  });
});

describe('deliverMessage by SMTP', () => {
  const smtpConfig = (): DeliveryConfig => ({ smtp: { url: smtpUrl, from: 'Acme <hello@acme.test>' } });

  it('sends the email once with Message-ID <messageId@tutti>; a second call does not send again', async () => {
    const deliver = deliverWith(smtpConfig());
    const m = message({ channel: 'email' });
    const first = await deliver(m);
    expect(first).toMatchObject({ adapter: 'smtp', status: 'delivered' });

    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.from).toBe('hello@acme.test');
    expect(mail.to).toEqual(['ada@example.test']);
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${m.messageId}@tutti>\\r?$`, 'mi'));
    expect(mail.raw).toMatch(/^Subject: We are sorry\r?$/m);
    expect(mail.raw).toMatch(/^To: Ada Lovelace <ada@example\.test>\r?$/m);
    expect(mail.raw).toContain('Your order is on its way.');

    expect(await deliver(m)).toMatchObject({ status: 'already_delivered', adapter: 'smtp' });
    expect(mails).toHaveLength(1);
    expect(await outboxDoc(m.messageId)).toMatchObject({ status: 'delivered', adapter: 'smtp', attempts: 1 });
  });

  it('refuses an email without a recipient address, for good, and says why', async () => {
    const deliver = deliverWith(smtpConfig());
    const m = message({ channel: 'email', recipient: { name: 'No Mail' } });
    const error = await deliver(m).then(
      () => expect.fail('an email without an address cannot be sent'),
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ nonRetryable: true, type: MISSING_RECIPIENT_EMAIL });
    expect((error as Error).message).toMatch(/has no email address/);
    expect(mails).toHaveLength(0);
    expect(await outboxDoc(m.messageId)).toMatchObject({ status: 'failed' });
  });
});

describe('sendTeamAlert', () => {
  const alert = () => ({
    alertId: `alert-${randomUUID()}`,
    workspace: 'acme',
    customerId: 'c-42',
    title: 'Service case opened',
    text: 'My order never arrived',
    caseId: 'case-1',
    severity: 'critical' as const,
  });

  it('posts a Slack-compatible payload once with Idempotency-Key = alertId and records it', async () => {
    const send = createSendTeamAlert({
      models: storage.models,
      config: { alertWebhookUrl: `${httpUrl}/slack` },
    });
    const a = alert();
    expect(await send(a)).toMatchObject({ alertId: a.alertId, adapter: 'webhook', status: 'delivered' });
    expect(await send(a)).toMatchObject({ status: 'already_delivered' });

    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/slack');
    expect(received[0].headers['idempotency-key']).toBe(a.alertId);
    const payload = JSON.parse(received[0].body);
    expect(payload.text).toBe('[CRITICAL] Service case opened — customer c-42');
    expect(payload.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'context']);
    expect(await storage.models.alerts.findById(a.alertId).lean()).toMatchObject({
      status: 'delivered',
      adapter: 'webhook',
      caseId: 'case-1',
      severity: 'critical',
      attempts: 1,
    });
  });

  it('without an alert webhook, the alerts collection is the destination', async () => {
    const send = createSendTeamAlert({ models: storage.models, config: {} });
    const a = alert();
    expect(await send(a)).toMatchObject({ adapter: 'alerts', status: 'delivered' });
    expect(received).toHaveLength(0);
    expect(await storage.models.alerts.findById(a.alertId).lean()).toMatchObject({
      workspace: 'acme',
      title: 'Service case opened',
      status: 'delivered',
      adapter: 'alerts',
    });
  });
});
