import type { Analysis } from './analyze';
import { normalizeValence } from './analyze';
import modelFile from './sentiment-model.json';

/** The shipped model, as written by scripts/train-sentiment.ts. */
export interface ModelFile {
  format: 1;
  /** Weight of the normalized rule-based valence. */
  valenceWeight: number;
  /** Parallel arrays (cheaper to type-check and parse than one object with thousands of keys). */
  terms: string[];
  weights: number[];
  /** Label thresholds on the final score, chosen by cross-validation (see thresholds.ts). */
  thresholds: { negativeBelow: number; positiveAbove: number };
  trainedOn: Record<string, unknown>;
}

export interface LinearModel {
  valenceWeight: number;
  weights: ReadonlyMap<string, number>;
}

export type ModelParameters = Pick<ModelFile, 'valenceWeight' | 'terms' | 'weights'>;

export function compileModel(parameters: ModelParameters): LinearModel {
  return {
    valenceWeight: parameters.valenceWeight,
    weights: new Map(parameters.terms.map((term, i) => [term, parameters.weights[i]])),
  };
}

export const SHIPPED_MODEL_FILE = modelFile as ModelFile;
export const SHIPPED_MODEL: LinearModel = compileModel(SHIPPED_MODEL_FILE);

/**
 * Score in (-1, 1): P(positive) - P(negative) under the model, i.e. tanh(z / 2). There is no intercept,
 * so a text with no known term scores exactly 0.
 */
export function modelScore(model: LinearModel, analysis: Analysis): number {
  let z = model.valenceWeight * normalizeValence(analysis.valence);
  const weights = model.weights;
  // forEach rather than for-of: no [key, value] pair allocated per term.
  analysis.features.forEach((value, term) => {
    const weight = weights.get(term);
    if (weight !== undefined) z += weight * value;
  });
  return Math.tanh(z / 2);
}
