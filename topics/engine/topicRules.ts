import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import type { TopicRule } from '../../domain/topics/topicRule';
import { TokenKind, kindOf, normalizeTerm, tokenize } from '../../sentiment/engine';

export type { TopicRule };

/** Stands for every negator inside a compiled phrase. */
export const NEGATOR = '¬';

export interface CompiledPhrase {
  /** The phrase as the rule wrote it. */
  source: string;
  /** One entry per word: its stem, or NEGATOR. */
  words: readonly string[];
}

export interface CompiledTopic {
  name: string;
  definition?: string;
  negatable: boolean;
  any: readonly CompiledPhrase[];
  none: readonly CompiledPhrase[];
}

export interface PhraseEntry {
  topic: number;
  phrase: CompiledPhrase;
  veto: boolean;
}

export interface CompiledTaxonomy {
  topics: readonly CompiledTopic[];
  /** Phrases by their first word (a stem or NEGATOR), so a text is scanned once whatever the rule count. */
  byFirstWord: ReadonlyMap<string, readonly PhraseEntry[]>;
}

// Negative contractions arrive here without their apostrophe ("didnt", normalizeTerm).
const NEGATOR_WORDS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'neither',
  'nor',
  'without',
  'hardly',
  'barely',
  'scarcely',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'wont',
  'wouldnt',
  'couldnt',
  'shouldnt',
  'aint',
  'nope',
]);

/** True for "not", "never", "without", "hasn't", "dont"… (the term as normalizeTerm gives it). */
export function isNegatorTerm(term: string): boolean {
  return NEGATOR_WORDS.has(term) || (term.length > 3 && term.endsWith('nt') && term.slice(0, -2) in MODALS);
}

// "mustnt", "neednt", "mightnt" and the like, which the set above does not list.
const MODALS: Readonly<Record<string, true>> = {
  must: true,
  need: true,
  might: true,
  dare: true,
  ought: true,
};

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/** The comparison key of one normalized term: its Porter stem (kept as is when it has no letters). */
export function stemTerm(term: string): string {
  const cached = stemCache.get(term);
  if (cached !== undefined) return cached;
  const stem = /\p{L}/u.test(term) ? PorterStemmer.stem(term) : term;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(term, stem);
  return stem;
}

/** A phrase's words: tokens that are terms, lower-cased, negators folded into NEGATOR, the rest stemmed. */
export function compilePhrase(source: string): CompiledPhrase {
  const words: string[] = [];
  for (const token of tokenize(source)) {
    if (kindOf(token) !== TokenKind.Term) continue;
    const term = normalizeTerm(token);
    if (term === '') continue;
    words.push(isNegatorTerm(term) ? NEGATOR : stemTerm(term));
  }
  return { source, words };
}

function compilePhrases(phrases: readonly string[]): CompiledPhrase[] {
  const seen = new Set<string>();
  const out: CompiledPhrase[] = [];
  for (const source of phrases) {
    const phrase = compilePhrase(source);
    const key = phrase.words.join(' ');
    // A phrase of negators only ("not") would match every negation: it says nothing about a topic.
    if (phrase.words.length === 0 || phrase.words.every((w) => w === NEGATOR) || seen.has(key)) continue;
    seen.add(key);
    out.push(phrase);
  }
  return out;
}

export function compileTaxonomy(rules: readonly TopicRule[]): CompiledTaxonomy {
  const topics: CompiledTopic[] = rules.map((rule) => ({
    name: rule.name,
    ...(rule.definition === undefined ? {} : { definition: rule.definition }),
    negatable: rule.negatable ?? true,
    any: compilePhrases(rule.any),
    none: compilePhrases(rule.none ?? []),
  }));
  const byFirstWord = new Map<string, PhraseEntry[]>();
  topics.forEach((topic, index) => {
    for (const [phrases, veto] of [
      [topic.any, false],
      [topic.none, true],
    ] as const) {
      for (const phrase of phrases) {
        const list = byFirstWord.get(phrase.words[0]) ?? [];
        list.push({ topic: index, phrase, veto });
        byFirstWord.set(phrase.words[0], list);
      }
    }
  });
  return { topics, byFirstWord };
}

/** A word of a clause, as the matcher sees it. */
export interface ClauseWord {
  /** Stem, or NEGATOR, or ',' for a comma-like break that phrases and negation do not cross. */
  key: string;
  /** Character offsets in the text; -1 when the token could not be located (a decoded HTML entity). */
  start: number;
  end: number;
}

export const BARRIER = ',';

/** Words a phrase may skip: at most one, and never a negator or a comma ("still not waiting" ≠ "still waiting"). */
function canSkip(word: ClauseWord): boolean {
  return word.key !== NEGATOR && word.key !== BARRIER;
}

/**
 * Index one past the last word of `phrase` when it matches `words` from `at`, else -1. One word that is not
 * in the phrase may stand between two of its words.
 */
export function matchAt(words: readonly ClauseWord[], at: number, phrase: CompiledPhrase): number {
  const wanted = phrase.words;
  if (words[at]?.key !== wanted[0]) return -1;
  let j = at + 1;
  let skipped = false;
  for (let k = 1; k < wanted.length; k++) {
    if (words[j]?.key === wanted[k]) {
      j++;
    } else if (!skipped && j + 1 < words.length && canSkip(words[j]) && words[j + 1].key === wanted[k]) {
      skipped = true;
      j += 2;
    } else {
      return -1;
    }
  }
  return j;
}
