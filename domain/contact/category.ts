/** What an outbound message is for; the category decides which caps, quiet hours and exclusions apply. */
export const CATEGORIES = [
  'transactional',
  'service',
  'promotion',
  'newsletter',
  'reminder',
  'survey',
  'advocacy',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** The categories a customer can be said to be "marketed to" with: deferrable, capped, quiet at night. */
export const MARKETING_CATEGORIES = [
  'promotion',
  'newsletter',
  'reminder',
  'survey',
  'advocacy',
] as const satisfies readonly Category[];

export type MarketingCategory = (typeof MARKETING_CATEGORIES)[number];

export function isMarketing(category: Category): category is MarketingCategory {
  return (MARKETING_CATEGORIES as readonly Category[]).includes(category);
}
