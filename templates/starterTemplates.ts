import type { TemplateParts, TemplateVersion } from './templateParts';

/**
 * The templates the built-in journeys ask for, so that a workspace that has stored none still sends a real
 * message with the cart in it rather than the request's raw content. A workspace overrides one by storing a
 * template of the same name (`PUT /v1/templates/{name}`); until then reading the name answers the starter as
 * version 0 (docs/TEMPLATES.md, "Starter templates").
 *
 * Written for whatever a brand's cart event carries: every item field is optional (`default`), so the send-time
 * rule (a missing variable suppresses the message) never trips on a cart without prices or links.
 */
// The first of several fields that is there: chained `default` filters would not do, since Liquid evaluates a
// filter's argument before the filter, and a missing argument fails the render like any missing variable.
const firstOf = (paths: string[], otherwise: string): string =>
  paths.map((path, i) => `{% ${i === 0 ? 'if' : 'elsif'} ${path} %}{{ ${path} }}`).join('') +
  `{% else %}${otherwise}{% endif %}`;

const ITEM_LINE = firstOf(['item.name', 'item.title', 'item.sku'], 'an item');
const QUANTITY = '{% if item.quantity %} × {{ item.quantity }}{% endif %}';
const PRICE = '{% if item.price %} — {{ item.price }}{% endif %}';
const GREETING = `Hi ${firstOf(['customer.traits.first_name', 'customer.traits.name'], 'there')},`;

export const STARTER_TEMPLATES: Readonly<Record<string, TemplateParts>> = {
  /** Cart recovery's first reminder: the cart's items, by email. */
  'cart-reminder': {
    channel: 'email',
    subject: 'You left something in your cart',
    text: [
      GREETING,
      '',
      '{% if data.items.first %}You left these in your cart:',
      `{% for item in data.items %}- ${ITEM_LINE}${QUANTITY}${PRICE}`,
      '{% endfor %}{% else %}Your cart is waiting for you.',
      '{% endif %}',
      '{% if data.cartUrl %}Pick up where you left off: {{ data.cartUrl }}{% endif %}',
    ].join('\n'),
    html: [
      `<p>${GREETING}</p>`,
      '{% if data.items.first %}<p>You left these in your cart:</p>',
      `<ul>{% for item in data.items %}<li>${ITEM_LINE}${QUANTITY}${PRICE}</li>{% endfor %}</ul>`,
      '{% else %}<p>Your cart is waiting for you.</p>{% endif %}',
      '{% if data.cartUrl %}<p><a href="{{ data.cartUrl }}">Pick up where you left off</a></p>{% endif %}',
    ].join('\n'),
  },
  /** Cart recovery's second step before it chose its channel by engagement: a short push. */
  'cart-reminder-push': {
    channel: 'push',
    text: `Still thinking it over? Your cart{% if data.items.first %} with ${firstItem()}{% endif %} is waiting.`,
  },
  /**
   * Cart recovery's second step when the first reminder was not opened: it goes out on the channel the
   * customer engages with ("auto"), so it has no channel of its own and reads well as a push, an SMS or an
   * email (an email takes `subject` and `text`).
   */
  'cart-reminder-followup': {
    subject: 'Your cart is still waiting',
    text: `Your cart{% if data.items.first %} with ${firstItem()}{% endif %} is still waiting{% if data.cartUrl %}: {{ data.cartUrl }}{% else %}.{% endif %}`,
  },
};

function firstItem(): string {
  return firstOf(['data.items.first.name', 'data.items.first.title'], 'your items');
}

/** The starter named `name`, as the version a workspace reads until it stores its own (version 0). */
export function starterTemplate(name: string): TemplateVersion | null {
  const parts = Object.hasOwn(STARTER_TEMPLATES, name) ? STARTER_TEMPLATES[name] : undefined;
  if (!parts) return null;
  return { name, version: 0, createdAt: new Date(0), ...parts };
}
