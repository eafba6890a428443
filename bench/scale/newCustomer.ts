// The customers the scale and cost-model benchmarks bring in.

/** An identify with an address and a zone, and a message to be scored: a customer as the API first sees one. */
export function newCustomerEvents(i: number) {
  const customerId = `c-${i}`;
  return [
    {
      id: `${customerId}-identify`,
      customerId,
      type: 'identify',
      channel: 'web',
      properties: { traits: { email: `${customerId}@example.com`, timezone: 'Europe/Paris' } },
    },
    {
      id: `${customerId}-message`,
      customerId,
      type: 'message',
      channel: i % 2 === 0 ? 'email' : 'chat',
      // One in twenty complains, and starts a service recovery journey (a child workflow, a team alert, an
      // apology): the rest ask or thank, as most messages do.
      text:
        i % 20 === 0
          ? 'Where is my order? It is late again and nobody answers.'
          : i % 2 === 0
            ? 'Thanks, the delivery was quick.'
            : 'Can I change the delivery address of my order?',
    },
  ];
}
