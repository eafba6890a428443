// What each storm customer does, in order, as a real client would: identify, talk (some unhappily), buy,
// fill and abandon a cart, and be the target of six marketing requests and one transactional message.
// Pure and seeded: the same run id and index always give the same script, so retries resend the same ids.

export interface EventStep {
  kind: 'events';
  /** One event, or a batch (`{ events: [...] }`) — both paths of POST /v1/events. */
  events: StormEvent[];
  batch: boolean;
}

export interface ContactStep {
  kind: 'contact';
  request: StormContactRequest;
}

export type Step = EventStep | ContactStep;

export interface StormEvent {
  id: string;
  customerId: string;
  type: string;
  channel: string;
  text?: string;
  properties?: Record<string, unknown>;
}

export interface StormContactRequest {
  id: string;
  channel: 'email' | 'sms' | 'push';
  category: 'transactional' | 'promotion' | 'newsletter' | 'reminder' | 'survey' | 'advocacy';
  priority: number;
  campaign: string;
  content: { subject: string; body: string };
}

export interface CustomerScript {
  customerId: string;
  steps: Step[];
}

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
const HAPPY = [
  'Thanks, the delivery was quick and the jacket fits perfectly.',
  'Great service today, the staff were lovely.',
  'Just checking when the summer collection lands.',
];
const UNHAPPY = [
  'My order never arrived and nobody answers the phone. This is terrible.',
  'I was charged twice and the refund still has not come. Very disappointed.',
  'The parcel came damaged and support was rude about it.',
];
const MARKETING: Omit<StormContactRequest, 'id' | 'content'>[] = [
  { channel: 'email', category: 'promotion', priority: 40, campaign: 'spring-sale' },
  { channel: 'email', category: 'newsletter', priority: 20, campaign: 'weekly-news' },
  { channel: 'push', category: 'reminder', priority: 50, campaign: 'wishlist-reminder' },
  { channel: 'sms', category: 'survey', priority: 30, campaign: 'nps-q2' },
  { channel: 'email', category: 'advocacy', priority: 35, campaign: 'refer-a-friend' },
  { channel: 'sms', category: 'promotion', priority: 60, campaign: 'flash-sale' },
];

/** A small deterministic generator (mulberry32): the storm must be the same storm every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function customerScript(runId: string, index: number, seed = 17): CustomerScript {
  const rnd = random(seed * 1_000_003 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const customerId = `storm-${runId}-${index}`;
  let n = 0;
  const event = (type: string, channel: string, extra: Partial<StormEvent> = {}): StormEvent => ({
    id: `${customerId}-e${++n}`,
    customerId,
    type,
    channel,
    ...extra,
  });
  let r = 0;
  const contact = (spec: Omit<StormContactRequest, 'id' | 'content'>): ContactStep => ({
    kind: 'contact',
    request: {
      id: `${customerId}-r${++r}`,
      ...spec,
      content: { subject: `${spec.campaign} for you`, body: `Hello from ${spec.campaign}.` },
    },
  });
  const single = (e: StormEvent): EventStep => ({ kind: 'events', events: [e], batch: false });
  const batch = (...events: StormEvent[]): EventStep => ({ kind: 'events', events, batch: true });
  // About one customer in three complains: a case opens, service recovery starts, promotions are excluded.
  const unhappy = rnd() < 0.35;
  const cartId = `cart-${index}`;
  const marketing = [...MARKETING].sort(() => rnd() - 0.5);

  const steps: Step[] = [
    single(
      event('identify', 'web', {
        properties: {
          traits: {
            email: `customer${index}@storm.example`,
            name: `Customer ${index}`,
            timezone: pick(ZONES),
            tier: pick(TIERS),
          },
        },
      }),
    ),
    single(event('message', 'chat', { text: pick(HAPPY) })),
    contact(marketing[0]),
    batch(
      event('message', 'email', { text: unhappy ? pick(UNHAPPY) : pick(HAPPY) }),
      event('browse', 'web', { properties: { page: '/new-in' } }),
    ),
    single(
      event('purchase', 'web', {
        properties: { orderId: `o-${index}`, amount: 20 + Math.round(rnd() * 200) },
      }),
    ),
    contact(marketing[1]),
    contact(marketing[2]),
    batch(
      event('cart_updated', 'app', {
        properties: { cartId, items: [{ sku: `sku-${index % 50}`, qty: 1 + Math.floor(rnd() * 3) }] },
      }),
      event('cart_abandoned', 'app', { properties: { cartId } }),
    ),
    contact(marketing[3]),
    single(event('message', 'review', { text: unhappy ? pick(UNHAPPY) : pick(HAPPY) })),
    contact(marketing[4]),
    contact(marketing[5]),
    contact({ channel: 'email', category: 'transactional', priority: 90, campaign: 'order-confirmation' }),
  ];
  return { customerId, steps };
}
