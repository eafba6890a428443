import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSentimentSample,
  emptySentiment,
  labelFor as customerWorkflowLabelFor,
  type SentimentSummary,
} from '../../../domain/customer/sentimentSummary';
import { surveyScoreSentiment } from '../../../domain/customer/surveyScore';
import { defaultPolicy } from '../../../domain/policy';
import { labelFor } from '../../../domain/sentiment/sentimentThresholds';
import { MODEL_THRESHOLDS, scoreText, textLabelFor } from '../../../sentiment/engine';

// docs/SENTIMENT.md, "One labelling rule": one function; a text is cut at the model's thresholds, a customer
// (and a survey rating with no words) at the policy's. These tests hold the default policy and the shipped
// model to the links that section states, so a retrained model or an edited default that breaks them fails
// here rather than drifting apart silently.
const model = MODEL_THRESHOLDS;
const policy = defaultPolicy.sentiment;

const START = Date.parse('2026-11-01T00:00:00Z');
const MINUTE = 60_000;

/** A customer who said these things, `minutesApart` minutes apart (within the summary's 30-day window). */
function customerAfter(scores: readonly number[], minutesApart = 90): SentimentSummary {
  return scores.reduce(
    (summary, score, i) =>
      addSentimentSample(
        summary,
        { at: new Date(START + i * minutesApart * MINUTE).toISOString(), score },
        policy,
      ),
    emptySentiment,
  );
}

/** A score as the scorer writes it: four decimals. */
const scoreBetween = (min: number, max: number) =>
  fc.integer({ min: Math.ceil(min * 1e4), max: Math.floor(max * 1e4) }).map((n) => n / 1e4);

describe('one labelling rule', () => {
  it('is one function: the scorer, the customer summary and the workflow all use it', () => {
    expect(customerWorkflowLabelFor).toBe(labelFor);
    for (const text of ['great, thanks', 'still waiting for my refund', 'my order number is 12345']) {
      const { score, label } = scoreText(text);
      expect(label).toBe(labelFor(score, model));
      expect(label).toBe(textLabelFor(score));
    }
    const customer = customerAfter([0.5, -0.9, 0.1]);
    expect(customer.label).toBe(labelFor(customer.score, policy));
  });

  describe('negative: one line for a remark and a customer', () => {
    it('the default policy writes the model cut to two decimals', () => {
      expect(policy.negativeBelow).toBe(Math.round(model.negativeBelow * 100) / 100);
    });

    it('a customer whose recent remarks all read negative reads negative', () => {
      fc.assert(
        fc.property(
          fc.array(scoreBetween(-1, model.negativeBelow - 1e-4), { minLength: 1, maxLength: 12 }),
          (scores) => {
            for (const score of scores) expect(textLabelFor(score)).toBe('negative');
            expect(customerAfter(scores).label).toBe('negative');
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('positive: a higher bar for a customer than for one remark', () => {
    it('the default policy asks more than the model', () => {
      expect(policy.positiveAbove).toBeGreaterThan(model.positiveAbove);
      const mild = Math.round(((model.positiveAbove + policy.positiveAbove) / 2) * 1e4) / 1e4;
      expect(textLabelFor(mild)).toBe('positive');
      expect(customerAfter([mild]).label).toBe('neutral');
    });

    it('a customer who reads positive has said at least one thing that reads positive', () => {
      fc.assert(
        fc.property(fc.array(scoreBetween(-1, 1), { minLength: 1, maxLength: 12 }), (scores) => {
          const customer = customerAfter(scores);
          if (customer.label !== 'positive') return;
          expect(customer.samples.some((s) => textLabelFor(s.score) === 'positive')).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  });

  it('a whole CSAT or NPS rating reads the same at the policy thresholds as at the model thresholds', () => {
    const ratings = [
      ...[1, 2, 3, 4, 5].map((score) => surveyScoreSentiment('csat', score)),
      ...Array.from({ length: 11 }, (_, score) => surveyScoreSentiment('nps', score)),
    ];
    for (const score of ratings) {
      expect(score).toBeDefined();
      expect(labelFor(score ?? 0, policy)).toBe(labelFor(score ?? 0, model));
    }
  });
});
