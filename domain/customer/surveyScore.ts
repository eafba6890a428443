/**
 * A survey rating read as sentiment in [-1, 1], for surveys that carry a score but no words.
 * CSAT 1–5 (3 is neutral); NPS 0–10 (7–8 "passives" read as mildly positive, detractors 0–6 negative).
 * CES scales differ between vendors (which end means "easy"), so a bare CES score says nothing here.
 */
export function surveyScoreSentiment(kind: unknown, score: unknown): number | undefined {
  if (typeof score !== 'number' || !Number.isFinite(score)) return undefined;
  if (kind === 'csat') return clamp((score - 3) / 2);
  if (kind === 'nps') return clamp((score - 6.5) / 3.5);
  return undefined;
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}
