// Templates (issue #14, item 1) through the real API, worker, Temporal and MongoDB-wire servers: stored and
// versioned by an admin, audited, refused with the part and line when the Liquid is wrong, previewed for a
// real customer with every missing variable listed, and rendered at send time into the outbox.
import { ApplicationFailure } from '@temporalio/common';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverMessage } from '../../activities/delivery/deliverMessage';
import type { OutboundMessage } from '../../activities/delivery/outboundMessage';
import { TEMPLATE_RENDER_ERROR } from '../../domain/failureTypes';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
let workspace: string;
let admin: Record<string, string>;
let member: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  workspace = `tpl-${uid()}`;
  admin = bearer(await apiKeyFor(h, workspace, 'admin'));
  member = bearer(await apiKeyFor(h, workspace, 'member'));
});
afterAll(async () => {
  await h?.close();
});

const reminder = {
  channel: 'email',
  subject: 'Still thinking about it, {{ customer.traits.first_name | default: "there" }}?',
  text: 'Hi {{ customer.traits.first_name }},\n{% for item in data.items %}- {{ item.name }}\n{% endfor %}({{ message.id }})',
  html: '<p>Hi {{ customer.traits.first_name }}</p>{% for item in data.items %}<li>{{ item.name }}</li>{% endfor %}',
};

/** A customer the worker has projected, with these traits. */
async function identified(traits: Record<string, unknown>): Promise<string> {
  const customerId = `tpl-${uid()}`;
  const sent = await h.request(
    'POST',
    '/v1/events',
    { id: `${customerId}-id`, customerId, type: 'identify', channel: 'web', properties: { traits } },
    member,
  );
  expect(sent.status).toBe(202);
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}`, undefined, member);
    return res.status === 200 && res.body.counts.events === 1 ? true : undefined;
  });
  return customerId;
}

describe('storing templates', () => {
  it('stores versions, lists the latest, reads older ones, and audits each publication', async () => {
    const first = await h.request('PUT', '/v1/templates/cart-reminder', reminder, admin);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'cart-reminder', version: 1, ...reminder });
    const second = await h.request(
      'PUT',
      '/v1/templates/cart-reminder',
      { ...reminder, subject: 'Your cart' },
      admin,
    );
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: 2, subject: 'Your cart' });
    expect((await h.request('PUT', '/v1/templates/welcome', { text: 'Welcome!' }, admin)).status).toBe(201);

    const list = await h.request('GET', '/v1/templates', undefined, member);
    expect(list.status).toBe(200);
    expect(list.body.templates).toEqual([
      { name: 'cart-reminder', version: 2, channel: 'email', updatedAt: expect.any(String) },
      { name: 'welcome', version: 1, updatedAt: expect.any(String) },
    ]);
    expect((await h.request('GET', '/v1/templates/cart-reminder', undefined, member)).body).toMatchObject({
      version: 2,
      subject: 'Your cart',
    });
    const old = await h.request('GET', '/v1/templates/cart-reminder?version=1', undefined, member);
    expect(old.body).toMatchObject({ version: 1, subject: reminder.subject, createdBy: expect.any(String) });

    // Another workspace sees none of them.
    const other = bearer(await apiKeyFor(h, `tpl-other-${uid()}`, 'member'));
    expect((await h.request('GET', '/v1/templates', undefined, other)).body).toEqual({ templates: [] });
    // Another workspace does not see it: it reads the starter of that name (version 0), not this workspace's.
    const elsewhere = await h.request('GET', '/v1/templates/cart-reminder', undefined, other);
    expect(elsewhere.body).toMatchObject({ version: 0 });
    expect((await h.request('GET', '/v1/templates/welcome', undefined, other)).status).toBe(404);

    const trail = await h.request('GET', '/v1/audit', undefined, admin);
    const published = trail.body.entries.filter((e: any) => e.action === 'template.published');
    expect(published.map((e: any) => e.subject)).toEqual([
      { name: 'welcome', version: 1 },
      { name: 'cart-reminder', version: 2 },
      { name: 'cart-reminder', version: 1 },
    ]);
    expect(published[0].actor).toMatchObject({ role: 'admin' });
  });

  it('gives concurrent publications of one name consecutive versions, the latest being the highest', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => h.request('PUT', '/v1/templates/busy', { text: `v${i}` }, admin)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const latest = await h.request('GET', '/v1/templates/busy', undefined, member);
    expect(latest.body.version).toBe(6);
    expect(latest.body.text).toBe(answers.find((a) => a.body.version === 6)!.body.text);
  });

  it('refuses Liquid that does not compile with a 400 naming the part and line, and stores nothing', async () => {
    const res = await h.request(
      'PUT',
      '/v1/templates/broken',
      { text: 'fine', html: '<p>\n{{ customer.id }}\n{{ customer.id | shout }}</p>', subject: '{% if x %}' },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { path: 'subject', line: 1, column: 1, message: expect.stringContaining('not closed') },
      { path: 'html', line: 3, column: 1, message: 'undefined filter: shout' },
    ]);
    expect((await h.request('GET', '/v1/templates/broken', undefined, admin)).status).toBe(404);

    const bad = await h.request(
      'PUT',
      '/v1/templates/broken',
      { subject: 'only a subject', color: 'red' },
      admin,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['(body)']);
    const noParts = await h.request('PUT', '/v1/templates/broken', { subject: 'only a subject' }, admin);
    expect(noParts.body.errors).toEqual([{ path: 'text', message: 'a template needs text, html or both' }]);
    const badName = await h.request('PUT', '/v1/templates/Not.Valid', { text: 'x' }, admin);
    expect(badName.status).toBe(400);
    expect(badName.body.errors[0].path).toBe('name');
  });

  it('lets only admin keys publish', async () => {
    const res = await h.request('PUT', '/v1/templates/by-member', { text: 'x' }, member);
    expect(res.status).toBe(403);
    expect(res.body.requiredRole).toBe('admin');
    expect((await h.request('GET', '/v1/templates/by-member', undefined, admin)).status).toBe(404);
  });
});

describe('previewing', () => {
  it('renders for a real customer, escapes html, and lists every missing variable', async () => {
    await h.request('PUT', '/v1/templates/preview-me', reminder, admin);
    const sarah = await identified({ first_name: 'Sarah <3' });
    const res = await h.request(
      'POST',
      '/v1/templates/preview-me/preview',
      { customerId: sarah, data: { items: [{ name: 'Runners' }, { name: 'Socks' }] } },
      member,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'preview-me',
      version: 1,
      subject: 'Still thinking about it, Sarah <3?',
      text: 'Hi Sarah <3,\n- Runners\n- Socks\n(preview)',
      html: '<p>Hi Sarah &lt;3</p><li>Runners</li><li>Socks</li>',
      missing: [],
    });

    // A customer without a first name and a request without data: each missing variable listed once.
    const anonymous = await identified({ plan: 'gold' });
    await h.request(
      'PUT',
      '/v1/templates/preview-me',
      { ...reminder, text: `${reminder.text}\n{{ data.coupon }} {{ customer.traits.last_name }}` },
      admin,
    );
    const missing = await h.request(
      'POST',
      '/v1/templates/preview-me/preview',
      { customerId: anonymous },
      member,
    );
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ version: 2, subject: 'Still thinking about it, there?' });
    expect(missing.body.missing).toEqual([
      'customer.traits.first_name',
      'data.items',
      'data.coupon',
      'customer.traits.last_name',
    ]);
  });

  it('answers 404 for an unknown template or customer, and 400 for a bad body', async () => {
    await h.request('PUT', '/v1/templates/exists', { text: 'x' }, admin);
    const customerId = await identified({});
    const noTemplate = await h.request('POST', '/v1/templates/nope/preview', { customerId }, member);
    expect(noTemplate.status).toBe(404);
    const noCustomer = await h.request(
      'POST',
      '/v1/templates/exists/preview',
      { customerId: 'nobody' },
      member,
    );
    expect(noCustomer.status).toBe(404);
    expect(noCustomer.body.detail).toMatch(/customer nobody/);
    const bad = await h.request('POST', '/v1/templates/exists/preview', { customerId: 'a b' }, member);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('customerId');
  });
});

describe('sending', () => {
  it('suppresses a message whose template cannot be rendered (template_error), sends nothing, and tells the team', async () => {
    await h.request(
      'PUT',
      '/v1/templates/needs-nickname',
      { text: 'Hi {{ customer.traits.nickname }}!' },
      admin,
    );
    const customerId = await identified({ email: 'nonick@example.test' });
    const answer = await h.request(
      'POST',
      `/v1/customers/${customerId}/contact-requests`,
      {
        id: `req-${uid()}`,
        channel: 'email',
        category: 'transactional',
        content: { template: 'needs-nickname' },
      },
      member,
    );
    expect(answer.body).toMatchObject({ decision: 'sent' });
    const messageId = answer.body.messageId as string;

    const entry = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/customers/${customerId}/ledger`, undefined, member);
        const found = (res.body.contacts as { messageId: string; reason: string }[] | undefined)?.find(
          (c) => c.messageId === messageId,
        );
        return found?.reason === 'template_error' ? found : undefined;
      },
      30_000,
      'the message suppressed for its template',
    );
    expect(entry).toMatchObject({ decision: 'suppressed', reason: 'template_error' });

    const alert = await eventually(
      () =>
        h.storage.models.alerts
          .findById(`${messageId}:template_error`)
          .lean()
          .exec()
          .then((a) => a ?? undefined),
      30_000,
      'the team alert',
    );
    expect(alert.title).toContain('needs-nickname');
    expect(alert.text).toContain('template_missing_variable');
    const outbox = await h.request('GET', `/v1/customers/${customerId}/outbox`, undefined, member);
    expect(outbox.body.messages).toEqual([]);
  });

  it('renders a stored template at send time into the outbox, with current traits and the message id', async () => {
    await h.request('PUT', '/v1/templates/order-shipped', reminder, admin);
    const customerId = await identified({ first_name: 'Ada', email: 'ada@example.test' });
    const ingest = bearer(await apiKeyFor(h, workspace, 'ingest'));
    const answer = await h.request(
      'POST',
      `/v1/customers/${customerId}/contact-requests`,
      {
        id: `req-${uid()}`,
        channel: 'email',
        category: 'transactional',
        content: { template: 'order-shipped', data: { items: [{ name: 'Runners' }] } },
      },
      ingest,
    );
    expect(answer.body).toMatchObject({ decision: 'sent' });
    const messageId = answer.body.messageId as string;
    const [message] = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/outbox`, undefined, member);
      return res.body.messages?.length === 1 && res.body.messages[0].status === 'delivered'
        ? res.body.messages
        : undefined;
    });
    expect(message.content).toEqual({
      template: 'order-shipped',
      templateVersion: 1,
      data: { items: [{ name: 'Runners' }] },
      subject: 'Still thinking about it, Ada?',
      body: `Hi Ada,\n- Runners\n(${messageId})`,
      // The rendered HTML email, with its open pixel (docs/TRACKING.md).
      html: expect.stringMatching(
        /^<p>Hi Ada<\/p><li>Runners<\/li><img src="http:\/\/localhost:\d+\/t\/o\/[\w-]+\.[\w-]+\.gif" width="1" height="1" alt="">$/,
      ) as string,
    });
  });

  const deliver = () => createDeliverMessage({ models: h.storage.models, config: {} });
  const outbound = (
    customerId: string,
    content: OutboundMessage['content'],
    extra: Partial<OutboundMessage> = {},
  ) => {
    const id = uid();
    return {
      workspace,
      customerId,
      messageId: `msg-${id}`,
      requestId: `req-${id}`,
      channel: 'email' as const,
      category: 'transactional',
      priority: 50,
      content,
      recipient: { email: 'x@example.test' },
      decidedAt: new Date().toISOString(),
      ...extra,
    };
  };

  it('renders with the customer snapshot the message carries, and passes an unknown template name through', async () => {
    await h.request(
      'PUT',
      '/v1/templates/snapshot',
      { text: '{{ customer.traits.first_name }} {{ customer.sentiment.label }}' },
      admin,
    );
    const snapshot = outbound(
      'c-snap',
      { template: 'snapshot' },
      {
        customer: {
          id: 'c-snap',
          traits: { first_name: 'Grace' },
          sentiment: { score: -0.6, label: 'negative', trend: 'declining' },
        },
      },
    );
    await deliver()(snapshot);
    const stored = await h.request('GET', '/v1/customers/c-snap/outbox', undefined, member);
    expect(stored.body.messages[0].content).toMatchObject({ body: 'Grace negative', templateVersion: 1 });

    const theirs = outbound('c-theirs', { template: 'rendered-by-the-brand', data: { a: 1 } });
    await deliver()(theirs);
    const passed = await h.request('GET', '/v1/customers/c-theirs/outbox', undefined, member);
    expect(passed.body.messages[0].content).toEqual({ template: 'rendered-by-the-brand', data: { a: 1 } });
  });

  it('refuses to send a message that cannot render: non-retryable TemplateRenderError, nothing in the outbox', async () => {
    await h.request('PUT', '/v1/templates/needs-coupon', { text: 'Your code:\n{{ data.coupon }}' }, admin);
    const customerId = `c-${uid()}`;
    const error = await deliver()(outbound(customerId, { template: 'needs-coupon' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe(TEMPLATE_RENDER_ERROR);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([
      {
        reason: 'template_missing_variable',
        template: 'needs-coupon',
        version: 1,
        part: 'text',
        variable: 'data.coupon',
        line: 2,
      },
    ]);
    const outbox = await h.request('GET', `/v1/customers/${customerId}/outbox`, undefined, member);
    expect(outbox.body.messages ?? []).toEqual([]);
  });

  it('does not fail a retry of a message already delivered, even if the template no longer renders', async () => {
    await h.request('PUT', '/v1/templates/changes', { text: 'Hi {{ customer.id }}' }, admin);
    const message = outbound(`c-${uid()}`, { template: 'changes' });
    expect((await deliver()(message)).status).toBe('delivered');
    await h.request('PUT', '/v1/templates/changes', { text: 'Hi {{ customer.traits.gone }}' }, admin);
    expect((await deliver()(message)).status).toBe('already_delivered');
  });

  it('sends the rendered parts through SMTP (text and HTML alternatives) and the webhook', async () => {
    await h.request(
      'PUT',
      '/v1/templates/both-parts',
      { subject: 'Hello {{ data.who }}', text: 'Plain {{ data.who }}', html: '<p>Rich {{ data.who }}</p>' },
      admin,
    );
    let raw = '';
    const smtp = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (raw += c));
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    try {
      const url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
      const viaSmtp = createDeliverMessage({
        models: h.storage.models,
        config: { smtp: { url, from: 'shop@example.test' } },
      });
      await viaSmtp(outbound(`c-${uid()}`, { template: 'both-parts', data: { who: 'R&D' } }));
      expect(raw).toMatch(/^Subject: Hello R&D\r?$/m);
      expect(raw).toMatch(/Content-Type: text\/plain[\s\S]*Plain R&D/);
      expect(raw).toMatch(/Content-Type: text\/html[\s\S]*<p>Rich R&amp;D<\/p>/);
    } finally {
      await new Promise<void>((r) => smtp.close(r));
    }

    const posted: string[] = [];
    const viaWebhook = createDeliverMessage({
      models: h.storage.models,
      config: { webhook: { url: 'http://127.0.0.1:9/hook', secret: 's' } },
      fetch: (_url, init) => {
        posted.push(init?.body as string);
        return Promise.resolve(new Response('', { status: 200 }));
      },
    });
    await viaWebhook(
      outbound(
        `c-${uid()}`,
        { template: 'both-parts', data: { who: 'Ada' } },
        {
          channel: 'webhook',
          customer: {
            id: 'x',
            traits: { secret: 'not for the receiver' },
            sentiment: { score: 0, label: 'neutral', trend: 'stable' },
          },
        },
      ),
    );
    const body = JSON.parse(posted[0]);
    expect(body.content).toMatchObject({
      subject: 'Hello Ada',
      body: 'Plain Ada',
      html: '<p>Rich Ada</p>',
      templateVersion: 1,
    });
    expect(body).not.toHaveProperty('customer');
  });
});

describe('starter templates', () => {
  it('reads cart recovery’s templates as starters (version 0) until the workspace stores its own', async () => {
    const fresh = `tpl-start-${uid()}`;
    const freshAdmin = bearer(await apiKeyFor(h, fresh, 'admin'));
    const starter = await h.request('GET', '/v1/templates/cart-reminder', undefined, freshAdmin);
    expect(starter.status, JSON.stringify(starter.body)).toBe(200);
    expect(starter.body).toMatchObject({ name: 'cart-reminder', version: 0, channel: 'email' });

    const customerId = `tpl-${uid()}`;
    await h.request(
      'POST',
      '/v1/events',
      {
        id: `${customerId}-id`,
        customerId,
        type: 'identify',
        channel: 'web',
        properties: { traits: { first_name: 'Sarah' } },
      },
      freshAdmin,
    );
    const preview = await eventually(async () => {
      const res = await h.request(
        'POST',
        '/v1/templates/cart-reminder/preview',
        { customerId, data: { items: [{ name: 'Trail shoes', quantity: 1 }] } },
        freshAdmin,
      );
      return res.status === 200 ? res : undefined;
    });
    expect(JSON.stringify(preview.body)).toContain('Hi Sarah,');
    expect(JSON.stringify(preview.body)).toContain('Trail shoes × 1');

    const own = await h.request('PUT', '/v1/templates/cart-reminder', reminder, freshAdmin);
    expect(own.status).toBe(201);
    expect(own.body.version).toBe(1);
    const read = await h.request('GET', '/v1/templates/cart-reminder', undefined, freshAdmin);
    expect(read.body).toMatchObject({ version: 1, text: reminder.text });
    expect((await h.request('GET', '/v1/templates/welcome', undefined, freshAdmin)).status).toBe(404);
  });
});
