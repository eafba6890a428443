/**
 * What a template can read (docs/TEMPLATES.md, "Variables"):
 * - `customer`: `id`, `traits` (as identified), `sentiment` (`score`, `label`, `trend`);
 * - `data`: the contact request's `content.data`;
 * - `message`: `id` and `channel` of the message being rendered.
 */
export interface TemplateContext {
  customer: TemplateCustomer;
  data: Record<string, unknown>;
  message: { id: string; channel: string };
}

export interface TemplateCustomer {
  id: string;
  traits: Record<string, unknown>;
  sentiment: { score: number; label: string; trend: string };
}

/** A customer nobody has told anything about yet: no traits, neutral and stable. */
export const NEUTRAL_SENTIMENT: TemplateCustomer['sentiment'] = {
  score: 0,
  label: 'neutral',
  trend: 'stable',
};

/**
 * The context from its parts, keeping only what templates may read: the read model's sentiment carries
 * samples and timestamps that are no business of a message.
 */
export function templateContext(input: {
  customer: { id: string; traits?: unknown; sentiment?: unknown };
  data?: unknown;
  message: { id: string; channel: string };
}): TemplateContext {
  const sentiment = (input.customer.sentiment ?? {}) as Partial<TemplateCustomer['sentiment']>;
  return {
    customer: {
      id: input.customer.id,
      traits: plainObject(input.customer.traits),
      sentiment: {
        score: typeof sentiment.score === 'number' ? sentiment.score : NEUTRAL_SENTIMENT.score,
        label: typeof sentiment.label === 'string' ? sentiment.label : NEUTRAL_SENTIMENT.label,
        trend: typeof sentiment.trend === 'string' ? sentiment.trend : NEUTRAL_SENTIMENT.trend,
      },
    },
    data: plainObject(input.data),
    message: { id: input.message.id, channel: input.message.channel },
  };
}

function plainObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
