import { SentimentAnalyzer } from 'natural/lib/natural/sentiment';
import { CUSTOMER_PHRASES, CUSTOMER_WORDS, type VocabularyEntry } from './customerVocabulary';
import { EMOJI_VALENCE } from './emoji';
import { IDIOMS } from './idioms';
import { NEGATED_NEGATIVE_SCALAR, NEGATED_POSITIVE_SCALAR } from './modifiers';
import { normalizeTerm } from './tokenizer';
import { VADER_RATINGS, VADER_VALENCE } from './vaderLexicon';

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

// Where AFINN and VADER both rate a word, the mean of the two. They were rated by different people on
// different text (AFINN by one author on tweets, VADER by ten raters per word), and their mean ranked
// texts better than either alone in cross-validation on every development set (docs/SENTIMENT.md). Near-zero
// VADER ratings count here too: they say the word is weaker than AFINN has it.
for (const [key, value] of Object.entries(afinn)) {
  const vader = VADER_RATINGS.get(key);
  add(key, vader === undefined ? value : Math.round(((value + vader) / 2) * 100) / 100);
}
for (const [key, value] of EMOJI_VALENCE) add(key, value);
for (const [key, value] of Object.entries(CUSTOMER_WORDS)) add(key, value);
for (const [key, value] of Object.entries(CUSTOMER_PHRASES)) add(key, value);
for (const [key, value] of IDIOMS) add(key, value);
// Then VADER alone, for the words no other layer has: slang, interjections, emoticons. Our own values
// (customer vocabulary, emoji) keep priority; they were set for customer text.
for (const [key, value] of VADER_VALENCE) {
  const normalized = normalizeTerm(key);
  // A key that normalization would change ("i'm" to "i") would land on another word.
  if (normalized !== key.toLowerCase() || words.has(normalized)) continue;
  words.set(normalized, entry(value));
}

export const WORDS: ReadonlyMap<string, LexiconEntry> = words;

export const PHRASES: ReadonlyMap<string, LexiconEntry> = phrases;

/** Longest phrase, in words: phrase matching never looks further ahead. */
export const MAX_PHRASE_WORDS = Math.max(1, ...[...phrases.keys()].map((p) => p.split(' ').length));
/** First words of phrases: most positions start no phrase, and this set says so with one lookup. */
export const PHRASE_STARTS: ReadonlySet<string> = new Set([...phrases.keys()].map((p) => p.split(' ')[0]));
