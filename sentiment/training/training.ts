// Fits the scorer's linear model: L2-regularized logistic regression over the rule-based valence and the
// (negation-marked) terms of a text. The valence carries what the lexicon knows; term weights only learn
// corrections the data insists on, and strong regularization keeps them small, so that the model still
// generalizes to domains it never saw. Used by scripts/train-sentiment.ts and scripts/eval-sentiment.ts.
import { analyze, normalizeValence } from '../engine/analyze';
import type { ModelParameters } from '../engine/model';

export interface Extracted {
  /** Normalized rule-based valence in (-1, 1). */
  valence: number;
  terms: string[];
  values: number[];
}

export function extract(text: string): Extracted {
  const analysis = analyze(text);
  return {
    valence: normalizeValence(analysis.valence),
    terms: [...analysis.features.keys()],
    values: [...analysis.features.values()],
  };
}

export interface TrainingExample {
  features: Extracted;
  /** Probability the text is positive: 0/1 for labelled reviews, softer for rated tweets. */
  target: number;
  /**
   * Source data set. Each set gets its own intercept during training, which absorbs its label balance
   * (tweets are 69% positive, UCI 50%); intercepts are not shipped, so text with no sentiment scores 0.
   */
  group: number;
  weight: number;
}

export interface TrainingOptions {
  /** L2 penalty on term weights (per unit of total example weight). */
  l2: number;
  /** A term is a feature only if it occurs in this many training texts... */
  minDocFrequency: number;
  /** ...spread over at least this many data sets, so that no set's topic words become sentiment. */
  minGroups: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  l2: 1e-2,
  minDocFrequency: 4,
  minGroups: 2,
  iterations: 400,
  learningRate: 0.05,
};

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function train(
  examples: readonly TrainingExample[],
  options: TrainingOptions = DEFAULT_TRAINING,
): ModelParameters {
  const groups = 1 + Math.max(0, ...examples.map((e) => e.group));
  const docFrequency = new Map<string, number>();
  const groupSeen = new Map<string, Set<number>>();
  for (const example of examples) {
    for (const term of example.features.terms) {
      docFrequency.set(term, (docFrequency.get(term) ?? 0) + 1);
      let seen = groupSeen.get(term);
      if (seen === undefined) groupSeen.set(term, (seen = new Set()));
      seen.add(example.group);
    }
  }
  const vocabulary = [...docFrequency.keys()]
    .filter((t) => (docFrequency.get(t) ?? 0) >= options.minDocFrequency)
    .filter((t) => (groupSeen.get(t)?.size ?? 0) >= Math.min(options.minGroups, groups))
    .sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));

  const rows = examples.map((example) => {
    const columns: number[] = [];
    const values: number[] = [];
    example.features.terms.forEach((term, k) => {
      const column = index.get(term);
      if (column !== undefined) {
        columns.push(column);
        values.push(example.features.values[k]);
      }
    });
    return { columns, values };
  });
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0);

  // Parameters: term weights, the valence weight, then one intercept per group. Full-batch Adam:
  // a few thousand parameters and a few thousand texts converge in well under a second.
  const size = vocabulary.length + 1 + groups;
  const valenceAt = vocabulary.length;
  const groupAt = valenceAt + 1;
  const theta = new Float64Array(size);
  theta[valenceAt] = 1;
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  for (let step = 1; step <= options.iterations; step++) {
    gradient.fill(0);
    for (let i = 0; i < examples.length; i++) {
      const example = examples[i];
      const row = rows[i];
      let z = theta[valenceAt] * example.features.valence + theta[groupAt + example.group];
      for (let k = 0; k < row.columns.length; k++) z += theta[row.columns[k]] * row.values[k];
      const residual = (example.weight * (sigmoid(z) - example.target)) / totalWeight;
      for (let k = 0; k < row.columns.length; k++) gradient[row.columns[k]] += residual * row.values[k];
      gradient[valenceAt] += residual * example.features.valence;
      gradient[groupAt + example.group] += residual;
    }
    for (let j = 0; j < vocabulary.length; j++) gradient[j] += options.l2 * theta[j];
    const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    for (let j = 0; j < size; j++) {
      m[j] = beta1 * m[j] + (1 - beta1) * gradient[j];
      v[j] = beta2 * v[j] + (1 - beta2) * gradient[j] * gradient[j];
      theta[j] -= (lr * m[j]) / (Math.sqrt(v[j]) + epsilon);
    }
  }

  const kept = vocabulary.flatMap((term, j) =>
    Math.abs(theta[j]) >= 0.005 ? [[term, theta[j]] as const] : [],
  );
  return {
    valenceWeight: theta[valenceAt],
    terms: kept.map(([term]) => term),
    weights: kept.map(([, weight]) => weight),
  };
}
