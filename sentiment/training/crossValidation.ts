// The one cross-validation protocol behind the shipped thresholds (scripts/train-sentiment.ts) and the
// reported figures (scripts/eval-sentiment.ts): folds are stratified per set, and fold f of every set is
// held out together, so a model scoring a text never saw it.
import type { DevSet, LabelledText } from './devData';
import { stratifiedFolds } from './metrics';
import { compileModel, modelScore } from '../engine/model';
import { analyze } from '../engine/analyze';
import {
  DEFAULT_TRAINING,
  extract,
  train,
  type Extracted,
  type TrainingExample,
  type TrainingOptions,
} from './training';
import type { ModelParameters } from '../engine/model';

export const FOLDS = 10;
export const FOLD_SEED = 20_240_605;

/**
 * Rated tweets train towards a soft target: a tweet rated +0.3 is barely positive and should not pull
 * weights as hard as one rated +3. Reviews are hard 0/1.
 */
export const TWEET_TARGET_SLOPE = 1.5;

function target(item: LabelledText): number {
  if (item.rating !== undefined) return 1 / (1 + Math.exp(-TWEET_TARGET_SLOPE * item.rating));
  return item.label === 'positive' ? 1 : 0;
}

export interface PreparedSet {
  set: DevSet;
  extracted: Extracted[];
  folds: number[];
}

export function prepare(sets: readonly DevSet[]): PreparedSet[] {
  return sets.map((set) => ({
    set,
    extracted: set.items.map((item) => extract(item.text)),
    folds: stratifiedFolds(
      set.items.map((item) => item.label),
      FOLDS,
      FOLD_SEED,
    ),
  }));
}

/** Each set weighs the same in training whatever its size, so no one domain dominates. */
export function examples(
  prepared: readonly PreparedSet[],
  include: (setIndex: number, item: number) => boolean,
): TrainingExample[] {
  return prepared.flatMap(({ set, extracted }, setIndex) => {
    const weight = 1000 / set.items.length;
    return set.items.flatMap((item, i) =>
      include(setIndex, i) ? [{ features: extracted[i], target: target(item), group: setIndex, weight }] : [],
    );
  });
}

export function trainAll(
  prepared: readonly PreparedSet[],
  options: TrainingOptions = DEFAULT_TRAINING,
): ModelParameters {
  return train(
    examples(prepared, () => true),
    options,
  );
}

/** Score of every text from the model trained without its fold: scores[set][item]. */
export function outOfFoldScores(
  prepared: readonly PreparedSet[],
  options: TrainingOptions = DEFAULT_TRAINING,
): number[][] {
  const scores = prepared.map(({ set }) => new Array<number>(set.items.length).fill(0));
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = compileModel(
      train(
        examples(prepared, (s, i) => prepared[s].folds[i] !== fold),
        options,
      ),
    );
    prepared.forEach(({ set, folds }, s) => {
      set.items.forEach((item, i) => {
        if (folds[i] === fold) scores[s][i] = modelScore(model, analyze(item.text));
      });
    });
  }
  return scores;
}

/**
 * Leave one data set out: each set scored by a model trained only on the others. The closest we can
 * come, with development data, to how the scorer will do on a source it has never seen.
 */
export function leaveOneSetOutScores(
  prepared: readonly PreparedSet[],
  options: TrainingOptions = DEFAULT_TRAINING,
): number[][] {
  return prepared.map(({ set }, held) => {
    const model = compileModel(
      train(
        examples(prepared, (s) => s !== held),
        { ...options, minGroups: 1 },
      ),
    );
    return set.items.map((item) => modelScore(model, analyze(item.text)));
  });
}
