/**
 * One topic of a taxonomy, as the policy writes it (docs/DESIGN.md, "Topics and alerts"). A phrase of
 * `any` mentions the topic; a phrase of `none` in the same clause vetoes it there ("the line was busy" is
 * about reaching support, not about queueing). Phrases are read the way a person reads them: case and
 * inflection do not matter ("Delayed" = "delays" = "delay"), words must come in order with at most one
 * other word among them ("still been waiting" is "still waiting"), and a negator in a phrase stands for
 * any negator ("never arrived" also matches "hasn't arrived", "did not arrive").
 *
 * `negatable` (default true): a negator shortly before the mention cancels it ("not late", "no delay").
 * Topics about an event (delay, cancellation, loss) want that. Topics about an aspect of the experience
 * (staff, price, refunds) set it to false: "didn't get my refund" and "no queue at all" still talk about
 * refunds and queues, and the clause's sentiment says which way.
 */
export interface TopicRule {
  /** Lower-case letters, digits and _ (it appears in counter keys, alerts and the API). */
  name: string;
  /** What the topic covers, in words a person reads; shown beside it. */
  definition?: string;
  any: readonly string[];
  none?: readonly string[];
  negatable?: boolean;
}
