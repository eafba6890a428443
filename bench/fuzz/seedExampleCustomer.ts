/**
 * Gives the document's example customer (`cust-42`) a history before fuzzing: schemathesis tries the
 * document's examples first, so the read routes then answer with every kind of timeline entry, ledger and
 * outbox rows, open cases and journeys — shapes an empty workspace would never show.
 */
export async function seedExampleCustomer(baseUrl: string, apiKey: string): Promise<void> {
  const customerId = 'cust-42';
  const send = async (method: string, path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`seeding: ${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await send('POST', '/v1/events', {
    events: [
      {
        id: 'seed-identify',
        customerId,
        type: 'identify',
        channel: 'web',
        occurredAt: at(30),
        properties: { traits: { email: 'ada@example.test', name: 'Ada', timezone: 'UTC', tier: 'gold' } },
      },
      {
        id: 'seed-cart',
        customerId,
        type: 'cart_abandoned',
        channel: 'web',
        occurredAt: at(20),
        properties: { cartId: 'k1' },
      },
      {
        id: 'seed-complaint',
        customerId,
        type: 'message',
        channel: 'chat',
        occurredAt: at(10),
        text: 'This is terrible, my order is late again and nobody answers. I am furious.',
      },
    ],
  });
  await send('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: 'seed-receipt',
    channel: 'email',
    category: 'transactional',
    content: { subject: 'Your receipt', body: 'Thanks.' },
  });
  await send('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: 'seed-promo',
    channel: 'email',
    category: 'promotion',
  });
  // Until the read models show the story (the projection and journey steps trail the workflow).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${baseUrl}/v1/customers/${customerId}/timeline`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await res.json()) as { entries?: { kind: string }[] };
    const kinds = new Set((body.entries ?? []).map((e) => e.kind));
    if (['event', 'decision', 'delivery', 'journey'].every((k) => kinds.has(k))) return;
    if (Date.now() > deadline) {
      console.error(
        `seeding: the timeline shows only ${[...kinds].join(', ') || 'nothing'} after 60 s; fuzzing anyway`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
