import { SentimentAnalyzer } from 'natural/lib/natural/sentiment';
import { CUSTOMER_PHRASES, CUSTOMER_WORDS, type VocabularyEntry } from './customerVocabulary';
import { EMOJI_VALENCE } from './emoji';
import { NEGATED_NEGATIVE_SCALAR, NEGATED_POSITIVE_SCALAR } from './modifiers';
import { normalizeTerm } from './tokenizer';

/** Valence on the AFINN scale (-5..5), plain and under negation. */
export interface LexiconEntry {
  readonly valence: number;
  readonly negated: number;
}

// natural keeps its AFINN-165 table on the analyzer instance and does not type it. Constructing the
// analyzer costs nothing at call time; the module load is ~0.3 s once per process.
const afinn = (
  new SentimentAnalyzer('English', undefined, 'afinn') as unknown as { vocabulary: Record<string, number> }
).vocabulary;

function entry(value: VocabularyEntry): LexiconEntry {
  if (typeof value !== 'number') return { valence: value[0], negated: value[1] };
  const scalar = value > 0 ? NEGATED_POSITIVE_SCALAR : NEGATED_NEGATIVE_SCALAR;
  return { valence: value, negated: value * scalar };
}

const words = new Map<string, LexiconEntry>();
const phrases = new Map<string, LexiconEntry>();

function add(key: string, value: VocabularyEntry): void {
  const normalized = key.split(' ').map(normalizeTerm).join(' ');
  (normalized.includes(' ') ? phrases : words).set(normalized, entry(value));
}

for (const [key, value] of Object.entries(afinn)) add(key, value);
for (const [key, value] of EMOJI_VALENCE) add(key, value);
for (const [key, value] of Object.entries(CUSTOMER_WORDS)) add(key, value);
for (const [key, value] of Object.entries(CUSTOMER_PHRASES)) add(key, value);

export const WORDS: ReadonlyMap<string, LexiconEntry> = words;

export const PHRASES: ReadonlyMap<string, LexiconEntry> = phrases;

/** Longest phrase, in words: phrase matching never looks further ahead. */
export const MAX_PHRASE_WORDS = Math.max(1, ...[...phrases.keys()].map((p) => p.split(' ').length));
/** First words of phrases: most positions start no phrase, and this set says so with one lookup. */
export const PHRASE_STARTS: ReadonlySet<string> = new Set([...phrases.keys()].map((p) => p.split(' ')[0]));
