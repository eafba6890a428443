import { describe, expect, it } from 'vitest';
import { templateContext } from '../../../templates/renderContext';
import { renderTemplate } from '../../../templates/renderTemplate';
import { STARTER_TEMPLATES, starterTemplate } from '../../../templates/starterTemplates';
import { validateTemplate } from '../../../templates/validateTemplate';

// The starters go out to customers of workspaces that never wrote a template: they must compile, and render
// whatever a brand's cart event carries, since a missing variable would suppress the message.

const carts: Record<string, Record<string, unknown>> = {
  'a full cart': {
    cartId: 'c-1',
    items: [{ name: 'Trail running shoes', quantity: 1, price: '89.00' }, { sku: 'SOCK-3' }],
    cartUrl: 'https://shop.example/cart/c-1',
  },
  'a cart without items': { cartId: 'c-2' },
  'items in a shape nobody planned': { cartId: 'c-3', items: 'three things' },
};

const customers = {
  'a customer with a name': { id: 'sarah', traits: { first_name: 'Sarah' } },
  'a customer nobody identified': { id: 'anon' },
};

describe('starter templates', () => {
  it.each(Object.keys(STARTER_TEMPLATES))(
    '%s compiles under the rules a stored template must pass',
    (name) => {
      expect(validateTemplate(STARTER_TEMPLATES[name])).toEqual({ ok: true });
    },
  );

  for (const [name, template] of Object.entries(STARTER_TEMPLATES)) {
    for (const [cartCase, data] of Object.entries(carts)) {
      for (const [customerCase, customer] of Object.entries(customers)) {
        it(`${name} renders for ${cartCase} and ${customerCase}`, async () => {
          const result = await renderTemplate(
            template,
            templateContext({ customer, data, message: { id: 'm-1', channel: template.channel ?? 'push' } }),
          );
          expect(result.ok).toBe(true);
        });
      }
    }
  }

  it('puts every item of the cart in the reminder, with the customer’s name, and escapes HTML', async () => {
    const result = await renderTemplate(
      STARTER_TEMPLATES['cart-reminder'],
      templateContext({
        customer: { id: 'sarah', traits: { first_name: 'Sarah' } },
        data: { items: [{ name: 'Trail shoes', quantity: 2 }, { name: '<b>Socks</b>' }] },
        message: { id: 'm-1', channel: 'email' },
      }),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.rendered.text).toContain('Hi Sarah,');
    expect(result.rendered.text).toContain('- Trail shoes × 2');
    expect(result.rendered.html).toContain('<li>&lt;b&gt;Socks&lt;/b&gt;</li>');
  });

  it('answers a starter as version 0 and nothing for other names', () => {
    expect(starterTemplate('cart-reminder')).toMatchObject({ name: 'cart-reminder', version: 0 });
    expect(starterTemplate('welcome')).toBeNull();
    expect(starterTemplate('constructor')).toBeNull();
  });
});
