import { describe, expect, it } from 'vitest';
import { applyEvent, NEGATIVE_TOPICS_KEPT } from '../../../domain/customer/applyEvent';
import type { CustomerState, EventSentiment } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import { defaultPolicy } from '../../../domain/policy';
import { teamForTopics } from '../../../domain/topics/teamForTopics';

const thresholds = defaultPolicy.sentiment;
let n = 0;
function message(minute: number): CustomerEvent {
  const at = new Date(Date.UTC(2026, 5, 1, 12, minute)).toISOString();
  return {
    id: `e${++n}`,
    customerId: 'c',
    type: 'message',
    channel: 'chat',
    occurredAt: at,
    receivedAt: at,
    properties: {},
  };
}

describe("the customer's negative topics and the case's topics", () => {
  it('keeps the topics a customer spoke of negatively, with the clause score, and names them on the case, most negative first', () => {
    const complaint: EventSentiment = {
      score: -0.7,
      label: 'negative',
      topics: [
        { name: 'customer_service', score: -0.4 },
        { name: 'delay', score: -0.6 },
        { name: 'staff', score: 0.5 },
      ],
    };
    const event = message(0);
    const state = applyEvent(initialCustomerState('w', 'c'), event, complaint, thresholds);
    expect(state.negativeTopics).toEqual([
      { name: 'customer_service', score: -0.4, at: event.occurredAt, eventId: event.id },
      { name: 'delay', score: -0.6, at: event.occurredAt, eventId: event.id },
    ]);
    expect(state.openCases[0].topics).toEqual(['delay', 'customer_service', 'staff']);

    // A second complaint joins the case and adds its topics once.
    const again = applyEvent(
      state,
      message(5),
      {
        score: -0.5,
        label: 'negative',
        topics: [
          { name: 'refund_and_billing', score: -0.5 },
          { name: 'delay', score: -0.3 },
        ],
      },
      thresholds,
    );
    expect(again.openCases).toHaveLength(1);
    expect(again.openCases[0].topics).toEqual(['delay', 'customer_service', 'staff', 'refund_and_billing']);
  });

  it('keeps only the newest mentions, and none for praise or events without topics', () => {
    let state: CustomerState = initialCustomerState('w', 'c');
    state = applyEvent(
      state,
      message(0),
      { score: 0.8, label: 'positive', topics: [{ name: 'staff', score: 0.8 }] },
      thresholds,
    );
    state = applyEvent(state, message(1), { score: -0.8, label: 'negative' }, thresholds);
    expect(state.negativeTopics).toBeUndefined();
    for (let i = 0; i < NEGATIVE_TOPICS_KEPT + 3; i++) {
      state = applyEvent(
        state,
        message(2 + i),
        { score: -0.8, label: 'negative', topics: [{ name: `t${i}`, score: -0.8 }] },
        thresholds,
      );
    }
    expect(state.negativeTopics).toHaveLength(NEGATIVE_TOPICS_KEPT);
    expect(state.negativeTopics?.at(-1)?.name).toBe(`t${NEGATIVE_TOPICS_KEPT + 2}`);
    expect(state.negativeTopics?.[0].name).toBe('t3');
  });
});

describe('teamForTopics: who hears about a case', () => {
  const teams = [
    { name: 'support', topics: ['customer_service'], webhook: 'https://hooks.example.com/support' },
    {
      name: 'logistics',
      topics: ['delay', 'lost_or_damaged'],
      webhook: 'https://hooks.example.com/logistics',
    },
  ];
  it('the owner of the first (most negative) topic that has one; nobody for unowned topics', () => {
    expect(teamForTopics(['delay', 'customer_service'], teams)?.name).toBe('logistics');
    expect(teamForTopics(['price', 'customer_service', 'delay'], teams)?.name).toBe('support');
    expect(teamForTopics(['price'], teams)).toBeUndefined();
    expect(teamForTopics([], teams)).toBeUndefined();
  });
});
