// Trains sentiment/engine/sentiment-model.json from the development sets only:
//   npx tsx scripts/train-sentiment.ts            (TUTTI_SENTIMENT_DATA overrides the data folder)
// Deterministic: the same data and code give the same file, byte for byte.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadSentimentDataDir } from '../platform/config';
import {
  FOLDS,
  FOLD_SEED,
  TWEET_TARGET_SLOPE,
  outOfFoldScores,
  prepare,
  trainAll,
} from '../sentiment/training/crossValidation';
import { loadDevSets } from '../sentiment/training/devData';
import { tuneBinaryThreshold, tuneNeutralBand } from '../sentiment/training/metrics';
import type { ModelFile } from '../sentiment/engine/model';
import { DEFAULT_TRAINING } from '../sentiment/training/training';

const dataDir = loadSentimentDataDir();
const output = path.resolve(__dirname, '../sentiment/engine/sentiment-model.json');

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const sets = loadDevSets(dataDir);
  const prepared = prepare(sets);

  // Thresholds from out-of-fold scores, so they are set for how the model scores text it has not seen.
  const oof = outOfFoldScores(prepared);
  const ternary = prepared.findIndex((p) => p.set.kind === 'ternary');
  // Symmetric: the tweets are 69% positive, and an asymmetric band fitted to them would carry that
  // share into customer text, which is nothing like it.
  const band = tuneNeutralBand(
    oof[ternary],
    sets[ternary].items.map((item) => item.label),
    { symmetric: true },
  );
  for (const [s, p] of prepared.entries()) {
    if (p.set.kind !== 'binary') continue;
    const best = tuneBinaryThreshold(
      oof[s],
      p.set.items.map((item) => item.label),
    );
    // Reported, not used: the scorer reads a binary decision off the sign, and this shows how close that is.
    process.stderr.write(
      `${p.set.name}: best out-of-fold binary threshold ${best.toFixed(3)} (shipped: 0)\n`,
    );
  }

  const parameters = trainAll(prepared);
  const model: ModelFile = {
    format: 1,
    valenceWeight: round(parameters.valenceWeight, 4),
    terms: parameters.terms,
    weights: parameters.weights.map((w) => round(w, 4)),
    thresholds: { negativeBelow: round(band.negativeBelow, 4), positiveAbove: round(band.positiveAbove, 4) },
    trainedOn: {
      sets: sets.map((s) => ({ name: s.name, texts: s.items.length })),
      options: DEFAULT_TRAINING,
      tweetTargetSlope: TWEET_TARGET_SLOPE,
      thresholdsFrom: `${FOLDS}-fold out-of-fold scores (seed ${FOLD_SEED}), best macro-F1 on vader-tweets, symmetric band`,
    },
  };
  // Written as Prettier would write it, so `npm run lint` passes on a freshly trained model.
  const options = (await resolveConfig(output)) ?? {};
  writeFileSync(output, await format(JSON.stringify(model), { ...options, parser: 'json' }));
  process.stderr.write(
    `wrote ${path.relative(process.cwd(), output)}: ${model.terms.length} terms, valence weight ${model.valenceWeight}, ` +
      `negative below ${model.thresholds.negativeBelow}, positive above ${model.thresholds.positiveAbove}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
