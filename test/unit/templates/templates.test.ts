import { describe, expect, it } from 'vitest';
import { MAX_MISSING_PER_PART, previewTemplate } from '../../../templates/previewTemplate';
import { templateContext } from '../../../templates/renderContext';
import { renderTemplate } from '../../../templates/renderTemplate';
import { isTemplateName, MAX_PART_BYTES } from '../../../templates/templateParts';
import { validateTemplate } from '../../../templates/validateTemplate';

const context = templateContext({
  customer: {
    id: 'c-1',
    traits: { first_name: 'Sarah', plan: 'gold', note: '<script>alert(1)</script>' },
    sentiment: { score: 0.4, label: 'positive', trend: 'improving', samples: [1, 2] },
  },
  data: { items: [{ name: 'Runners', price: 89 }], url: 'https://shop.test/cart?a=1&b=2' },
  message: { id: 'm-1', channel: 'email' },
});

describe('validateTemplate', () => {
  it('names the part and line of a syntax error', () => {
    const result = validateTemplate({ text: 'Hi', html: '<p>\nHello\n{% if customer.id %}\n</p>' });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ field: 'html', line: 3, message: expect.stringContaining('not closed') }),
      ],
    });
  });

  it('refuses an unknown filter at save, with its line', () => {
    const result = validateTemplate({ subject: 'Hi', text: 'line one\n\n{{ customer.id | shout }}' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'text', line: 3, column: 1, message: expect.stringContaining('undefined filter: shout') },
    ]);
  });

  it('reports every broken part, and refuses include/render/layout (nothing is read from disk)', () => {
    const result = validateTemplate({
      subject: '{{ x',
      text: '{% include "secrets" %}',
      html: '{% render "/etc/passwd" %}',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field, e.line])).toEqual([
      ['subject', 1],
      ['text', 1],
      ['html', 1],
    ]);
    expect(result.errors[1].message).toMatch(/tag "include" not found/);
  });

  it('needs text or html, and bounds each part', () => {
    expect(validateTemplate({ subject: 'Hi' })).toMatchObject({ ok: false, errors: [{ field: 'text' }] });
    expect(validateTemplate({ html: 'x'.repeat(MAX_PART_BYTES + 1) })).toMatchObject({
      ok: false,
      errors: [{ field: 'html', message: 'must be at most 100 KiB (UTF-8)' }],
    });
    expect(validateTemplate({ text: 'Hi {{ customer.traits.first_name | default: "there" }}' })).toEqual({
      ok: true,
    });
  });

  it('has a name rule that keeps names usable in URLs and ids', () => {
    expect(['welcome', 'cart-recovery_2', '0day'].every(isTemplateName)).toBe(true);
    expect(['Welcome', '-x', 'a:b', 'a/b', 'a.b', '', 'x'.repeat(65)].some(isTemplateName)).toBe(false);
  });
});

describe('renderTemplate (send time)', () => {
  it('escapes html output by default, not text or subject; raw opts out', async () => {
    const result = await renderTemplate(
      {
        subject: 'For {{ customer.traits.note }}',
        text: '{{ customer.traits.note }} {{ data.url }}',
        html: '<p>{{ customer.traits.note }}</p><a href="{{ data.url }}">go</a>{{ "<b>ok</b>" | raw }}',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      rendered: {
        subject: 'For <script>alert(1)</script>',
        text: '<script>alert(1)</script> https://shop.test/cart?a=1&b=2',
        html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><a href="https://shop.test/cart?a=1&amp;b=2">go</a><b>ok</b>',
      },
    });
  });

  it('renders customer, sentiment, data and message', async () => {
    const result = await renderTemplate(
      {
        text: '{{ customer.id }} {{ customer.traits.first_name }} {{ customer.sentiment.label }}/{{ customer.sentiment.trend }} {% for i in data.items %}{{ i.name }}:{{ i.price }}{% endfor %} {{ message.id }} {{ message.channel }}',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      rendered: { text: 'c-1 Sarah positive/improving Runners:89 m-1 email' },
    });
  });

  it('fails the whole message on a missing variable without default, and returns nothing rendered', async () => {
    const result = await renderTemplate(
      { subject: 'Hi {{ customer.traits.first_name }}', text: 'Code:\n{{ data.coupon }}' },
      context,
    );
    expect(result).toEqual({
      ok: false,
      reason: 'template_missing_variable',
      part: 'text',
      variable: 'data.coupon',
      line: 2,
      message: expect.stringContaining('undefined variable: data.coupon'),
    });
    expect(result).not.toHaveProperty('rendered');
  });

  it('renders a missing variable as its default, and as false in if', async () => {
    const result = await renderTemplate(
      {
        text: 'Hi {{ customer.traits.nickname | default: "there" }}{% if data.coupon %} use {{ data.coupon }}{% endif %}',
      },
      context,
    );
    expect(result).toEqual({ ok: true, rendered: { text: 'Hi there' } });
  });

  it('does not expose JavaScript internals as variables', async () => {
    const result = await renderTemplate({ text: '{{ customer.constructor }}' }, context);
    expect(result).toMatchObject({
      ok: false,
      reason: 'template_missing_variable',
      variable: 'customer.constructor',
    });
  });

  it('stops a template with a huge loop instead of hanging', async () => {
    const started = Date.now();
    const nested = await renderTemplate(
      { text: '{% for i in (1..100000) %}{% for j in (1..100000) %}{{ i }}{% endfor %}{% endfor %}' },
      context,
    );
    expect(nested).toMatchObject({ ok: false, reason: 'template_limit_exceeded', part: 'text' });
    const doubling = await renderTemplate(
      {
        html: '{% assign s = "xxxxxxxxxx" %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
      },
      context,
    );
    expect(doubling).toMatchObject({ ok: false, reason: 'template_limit_exceeded', part: 'html' });
    const range = await renderTemplate({ text: '{% for i in (1..1000000000) %}x{% endfor %}' }, context);
    expect(range).toMatchObject({ ok: false, reason: 'template_limit_exceeded' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('previewTemplate (strict)', () => {
  it('lists every missing variable, in order, each once, and renders the rest', async () => {
    const result = await previewTemplate(
      {
        subject: 'Hi {{ customer.traits.last_name }}',
        text: 'Dear {{ customer.traits.first_name }} {{ customer.traits.last_name }},\n{{ data.coupon }} {{ data.shipping.address.city | upcase }} {{ customer.traits.title | default: "" }}{% if data.vip %}VIP{% endif %}',
        html: '<p>{{ message.subject_line }}</p>',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      rendered: { subject: 'Hi ', text: 'Dear Sarah ,\n  ', html: '<p></p>' },
      missing: ['customer.traits.last_name', 'data.coupon', 'data.shipping', 'message.subject_line'],
    });
  });

  it('lists the missing property of a loop item, and still renders the part', async () => {
    const result = await previewTemplate(
      { text: '{% for i in data.items %}{{ i.name }} x{{ i.quantity }}{% endfor %} {{ data.total }}' },
      context,
    );
    expect(result).toMatchObject({ ok: true, rendered: { text: 'Runners x ' }, missing: ['i.quantity'] });
  });

  it('lists nothing when every variable is there, and leaves the caller context alone', async () => {
    const before = JSON.stringify(context);
    await previewTemplate({ text: '{{ data.nope }}' }, context);
    expect(JSON.stringify(context)).toBe(before);
    expect(await previewTemplate({ text: '{{ customer.traits.plan }}' }, context)).toEqual({
      ok: true,
      rendered: { text: 'gold' },
      missing: [],
    });
  });

  it('ends on a path that cannot be stood in for, and caps the list per part', async () => {
    const throughString = await previewTemplate({ text: '{{ customer.id.nope }} {{ data.later }}' }, context);
    expect(throughString).toMatchObject({ ok: true, missing: ['customer.id.nope'] });
    const many = Array.from({ length: 80 }, (_, i) => `{{ data.v${i} }}`).join('');
    const capped = await previewTemplate({ text: `${many}end` }, context);
    expect(capped).toMatchObject({ ok: true, rendered: { text: 'end' } });
    if (capped.ok)
      expect(capped.missing).toEqual(Array.from({ length: MAX_MISSING_PER_PART }, (_, i) => `data.v${i}`));
  });

  it('reports a limit as a failure naming the part', async () => {
    const result = await previewTemplate({ html: 'a\n{% for i in (1..1000000000) %}x{% endfor %}' }, context);
    expect(result).toMatchObject({ ok: false, reason: 'template_limit_exceeded', part: 'html', line: 2 });
  });
});
