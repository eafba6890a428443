// Readers for the labelled development sets in ../shared/data/sentiment (see the READMEs there). Used by
// the training and evaluation scripts only; the scorer itself never reads files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SentimentLabel } from '../../domain/sentiment/sentimentResult';

export interface LabelledText {
  text: string;
  label: SentimentLabel;
  /** Mean human rating on -4..4 (VADER tweets only). */
  rating?: number;
}

export interface DevSet {
  name: string;
  /** binary: positive/negative only (UCI); ternary: positive/neutral/negative (VADER tweets). */
  kind: 'binary' | 'ternary';
  items: LabelledText[];
}

/**
 * The tweets README's neutral band: |mean rating| <= 0.2 on -4..4, which is VADER's own ±0.05 after
 * dividing by 4.
 */
export const TWEET_NEUTRAL_BAND = 0.2;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

/** UCI format: SENTENCE <TAB> 0|1. Split on the last tab: some sentences contain quotes, none a tab. */
function readUci(file: string, name: string): DevSet {
  const items = lines(file).map((line, index) => {
    const tab = line.lastIndexOf('\t');
    const label = line.slice(tab + 1).trim();
    if (tab < 0 || (label !== '0' && label !== '1'))
      throw new Error(`${file}:${index + 1}: not "text<TAB>0|1"`);
    return {
      text: line.slice(0, tab),
      label: label === '1' ? 'positive' : 'negative',
    } satisfies LabelledText;
  });
  return { name, kind: 'binary', items };
}

/** VADER tweets format: ID <TAB> MEAN-RATING <TAB> TEXT. */
function readTweets(file: string): DevSet {
  const items = lines(file).map((line, index) => {
    const [, ratingText, ...rest] = line.split('\t');
    const rating = Number(ratingText);
    if (rest.length === 0 || !Number.isFinite(rating))
      throw new Error(`${file}:${index + 1}: not "id<TAB>rating<TAB>text"`);
    const label: SentimentLabel =
      rating > TWEET_NEUTRAL_BAND ? 'positive' : rating < -TWEET_NEUTRAL_BAND ? 'negative' : 'neutral';
    return { text: rest.join('\t'), label, rating } satisfies LabelledText;
  });
  return { name: 'vader-tweets', kind: 'ternary', items };
}

/** `dir` is the folder holding uci_sentiment_labelled/ and vader_tweets/. */
export function loadDevSets(dir: string): DevSet[] {
  return [
    readUci(path.join(dir, 'uci_sentiment_labelled', 'amazon_cells_labelled.txt'), 'uci-amazon'),
    readUci(path.join(dir, 'uci_sentiment_labelled', 'yelp_labelled.txt'), 'uci-yelp'),
    readTweets(path.join(dir, 'vader_tweets', 'tweets_GroundTruth.txt')),
  ];
}
