import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords';
import {
  MAX_PHRASE_WORDS as importedMAX_PHRASE_WORDS,
  PHRASES as importedPHRASES,
  PHRASE_STARTS as importedPHRASE_STARTS,
  WORDS as importedWORDS,
  type LexiconEntry,
} from './lexicon';
import {
  AFTER_CONTRAST as importedAFTER_CONTRAST,
  BEFORE_CONTRAST as importedBEFORE_CONTRAST,
  BOOST as importedBOOST,
  BOOST_DECAY as importedBOOST_DECAY,
  CAPS_BOOST as importedCAPS_BOOST,
  CONTRAST_WORDS as importedCONTRAST_WORDS,
  DIMINISHERS as importedDIMINISHERS,
  ELONGATION_BOOST as importedELONGATION_BOOST,
  EXCLAMATION_BOOST as importedEXCLAMATION_BOOST,
  INTENSIFIERS as importedINTENSIFIERS,
  MAX_EXCLAMATIONS as importedMAX_EXCLAMATIONS,
  NEGATION_EXCEPTIONS as importedNEGATION_EXCEPTIONS,
  NEGATION_SCOPE as importedNEGATION_SCOPE,
  NEGATORS as importedNEGATORS,
  NEVER_NEGATED as importedNEVER_NEGATED,
  UNRESOLVED_NEGATION as importedUNRESOLVED_NEGATION,
} from './modifiers';
import {
  TokenKind,
  deElongations as importedDeElongations,
  isShouted as importedIsShouted,
  kindOf as importedKindOf,
  normalizeTerm as importedNormalizeTerm,
  tokenize as importedTokenize,
} from './tokenizer';

// tsx compiles each file to CommonJS, where every imported binding is read through a getter. The loop
// below reads these for every token, so it reads module-local copies instead (measured: ~2x faster).
const TERM = TokenKind.Term;
const EXCLAMATION = TokenKind.Exclamation;
const QUESTION = TokenKind.Question;
const MAX_PHRASE_WORDS = importedMAX_PHRASE_WORDS;
const PHRASES = importedPHRASES;
const PHRASE_STARTS = importedPHRASE_STARTS;
const WORDS = importedWORDS;
const AFTER_CONTRAST = importedAFTER_CONTRAST;
const BEFORE_CONTRAST = importedBEFORE_CONTRAST;
const BOOST = importedBOOST;
const BOOST_DECAY = importedBOOST_DECAY;
const CAPS_BOOST = importedCAPS_BOOST;
const CONTRAST_WORDS = importedCONTRAST_WORDS;
const DIMINISHERS = importedDIMINISHERS;
const ELONGATION_BOOST = importedELONGATION_BOOST;
const EXCLAMATION_BOOST = importedEXCLAMATION_BOOST;
const INTENSIFIERS = importedINTENSIFIERS;
const MAX_EXCLAMATIONS = importedMAX_EXCLAMATIONS;
const NEGATION_EXCEPTIONS = importedNEGATION_EXCEPTIONS;
const NEGATION_SCOPE = importedNEGATION_SCOPE;
const NEGATORS = importedNEGATORS;
const NEVER_NEGATED = importedNEVER_NEGATED;
const UNRESOLVED_NEGATION = importedUNRESOLVED_NEGATION;
const deElongations = importedDeElongations;
const isShouted = importedIsShouted;
const kindOf = importedKindOf;
const normalizeTerm = importedNormalizeTerm;
const tokenize = importedTokenize;

// Everything the loop needs to know about a term, from one hash lookup: most tokens are none of these.
const CONTRAST = 1;
const PHRASE_START = 2;
const NEGATOR = 4;
const INTENSIFIER = 8;
const DIMINISHER = 16;
const IN_LEXICON = 32;
/**
 * Not a model feature (the rules still read it). Trained on three data sets, weights for "at" or "is"
 * would be artefacts of what those sets happen to talk about, and would tip neutral text one way.
 */
const NOT_A_FEATURE = 64;
/** Laughter, emoticons and emoji: they comment on the whole message, and negation passes over them. */
const OUTSIDE_NEGATION = 128;
const TERM_FLAGS = new Map<string, number>();
const flag = (terms: Iterable<string>, bit: number): void => {
  for (const term of terms) TERM_FLAGS.set(term, (TERM_FLAGS.get(term) ?? 0) | bit);
};
flag(CONTRAST_WORDS, CONTRAST);
flag(PHRASE_STARTS, PHRASE_START);
flag(NEGATORS, NEGATOR);
flag(INTENSIFIERS, INTENSIFIER);
flag(DIMINISHERS, DIMINISHER);
flag(WORDS.keys(), IN_LEXICON);
flag(naturalStopwords, NOT_A_FEATURE);
flag(NEVER_NEGATED, OUTSIDE_NEGATION);
// Emoticons and emoji: lexicon entries that do not start with a letter or digit.
flag(
  [...WORDS.keys()].filter((term) => !/^[\p{L}\p{N}]/u.test(term)),
  OUTSIDE_NEGATION,
);

/** What one pass over a text finds: the rule-based valence, and the terms the model weighs. */
export interface Analysis {
  /** Sum of word valences on the AFINN scale after negation, intensifiers, contrast and emphasis. */
  valence: number;
  /**
   * Term → weight of the clause it sits in (0.5 before "but", 1.5 after, 1 otherwise). A term inside a
   * negation scope is keyed with a leading "!" ("!good"), so the model learns "not good" apart from "good".
   */
  features: Map<string, number>;
}

/** Prefix of a feature key for a term read under negation. */
export const NEGATED_PREFIX = '!';

// "looks like a toy", "feels like plastic": a comparison, not a preference.
const LIKE_AS_COMPARISON_AFTER = new Set([
  'look',
  'looks',
  'looked',
  'feel',
  'feels',
  'felt',
  'seem',
  'seems',
  'seemed',
  'sound',
  'sounds',
  'sounded',
  'smell',
  'smells',
  'smelled',
  'taste',
  'tastes',
  'tasted',
  'just',
  'more',
  'something',
  'anything',
  'things',
  'stuff',
  'people',
  'was',
  'is',
  'its',
  'be',
]);

/** Order numbers, prices and times say nothing about sentiment, and would only be memorized. */
function isNumber(term: string): boolean {
  const c = term.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && !hasLetter(term);
}

/** Cheap test for "has a letter": ASCII letters, or anything outside ASCII (where scripts live). */
function hasLetter(term: string): boolean {
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i) | 0x20;
    if ((c >= 0x61 && c <= 0x7a) || c > 0x7f) return true;
  }
  return false;
}

function isNeutralLike(term: string, previous: string | undefined): boolean {
  return term === 'like' && previous !== undefined && LIKE_AS_COMPARISON_AFTER.has(previous);
}

/** The entry for a word the lexicon does not know as spelled, trying "gooood" as "good". */
function lookupVariant(term: string): { entry: LexiconEntry | undefined; key: string; elongated: boolean } {
  const candidates = deElongations(term);
  // A dropped g: "lovin", "rockin" (the apostrophe of "lovin'" is not part of the token).
  if (candidates.length === 0 && term.length > 4 && term.endsWith('in')) {
    const found = WORDS.get(term + 'g');
    if (found !== undefined) return { entry: found, key: term + 'g', elongated: false };
  }
  for (const candidate of candidates) {
    const found = WORDS.get(candidate);
    if (found !== undefined) return { entry: found, key: candidate, elongated: true };
  }
  // Unknown either way: one spelling per elongated word keeps "sooo" and "soooo" one model feature.
  return { entry: undefined, key: candidates[0] ?? term, elongated: false };
}

/**
 * Running state of one pass. A class rather than closures inside `analyze`: closures would be created
 * anew for every text, and under tsx (which keeps function names) each creation also costs a
 * defineProperty, which halved throughput.
 */
class Pass {
  readonly features = new Map<string, number>();
  total = 0;
  exclamations = 0;
  // Sentence state: contrast weighting and negation never reach across a sentence.
  beforeContrast = 0;
  current = 0;
  contrasted = false;
  firstAfterContrast = 0;
  readonly sentenceFeatures: string[] = [];
  negationLeft = 0;
  negationPending = false;
  /** The negator whose scope is open ("never" can turn into an intensifier, below). */
  negator = '';
  boost1 = 0;
  boost2 = 0;
  boost3 = 0;

  shiftBoost(value: number): void {
    this.boost3 = this.boost2;
    this.boost2 = this.boost1;
    this.boost1 = value;
  }

  closeNegation(): void {
    if (this.negationPending) this.current += UNRESOLVED_NEGATION;
    this.negationPending = false;
    this.negationLeft = 0;
  }

  endClause(): void {
    this.closeNegation();
    this.boost1 = this.boost2 = this.boost3 = 0;
  }

  contrast(): void {
    this.endClause();
    this.beforeContrast += this.current;
    this.current = 0;
    this.contrasted = true;
    this.firstAfterContrast = this.sentenceFeatures.length;
  }

  endSentence(): void {
    this.closeNegation();
    const contrasted = this.contrasted;
    this.total += contrasted
      ? BEFORE_CONTRAST * this.beforeContrast + AFTER_CONTRAST * this.current
      : this.current;
    const pending = this.sentenceFeatures;
    for (let k = 0; k < pending.length; k++) {
      const weight = !contrasted ? 1 : k < this.firstAfterContrast ? BEFORE_CONTRAST : AFTER_CONTRAST;
      const previous = this.features.get(pending[k]);
      if (previous === undefined || previous < weight) this.features.set(pending[k], weight);
    }
    pending.length = 0;
    this.beforeContrast = this.current = 0;
    this.contrasted = false;
    this.firstAfterContrast = 0;
    this.endClause();
  }
}

export function analyze(text: string): Analysis {
  const tokens = tokenize(text);
  const n = tokens.length;
  const kinds = new Array<TokenKind>(n);
  const terms = new Array<string>(n);
  let letterWords = 0;
  let shoutedWords = 0;
  for (let i = 0; i < n; i++) {
    const kind = kindOf(tokens[i]);
    kinds[i] = kind;
    if (kind !== TERM) {
      terms[i] = '';
      continue;
    }
    const term = normalizeTerm(tokens[i]);
    terms[i] = term;
    if (hasLetter(term)) {
      letterWords++;
      // Only a token with capitals can be shouted; most have none, and skip the upper-casing.
      if (term !== tokens[i] && isShouted(tokens[i])) shoutedWords++;
    }
  }
  // Only shouting against a calm background singles a word out.
  const shoutingMeans = shoutedWords > 0 && shoutedWords < letterWords;

  const pass = new Pass();
  let i = 0;
  while (i < n) {
    const kind = kinds[i];
    if (kind !== TERM) {
      if (kind === EXCLAMATION) {
        pass.exclamations += tokens[i].length;
        pass.endSentence();
      } else if (kind === QUESTION) pass.endSentence();
      else if (tokens[i].includes('.') || tokens[i].includes('…')) pass.endSentence();
      else pass.endClause();
      i++;
      continue;
    }
    const term = terms[i];
    const flags = TERM_FLAGS.get(term) ?? 0;

    if (flags & CONTRAST) {
      pass.contrast();
      i++;
      continue;
    }

    let entry: LexiconEntry | undefined;
    let key = term;
    let span = 1;
    let elongated = false;
    if (flags & PHRASE_START) {
      for (let length = Math.min(MAX_PHRASE_WORDS, n - i); length >= 2 && entry === undefined; length--) {
        let phrase = term;
        let complete = true;
        for (let k = 1; k < length; k++) {
          if (kinds[i + k] !== TERM) {
            complete = false;
            break;
          }
          phrase += ' ' + terms[i + k];
        }
        if (!complete) continue;
        entry = PHRASES.get(phrase);
        if (entry !== undefined) {
          key = phrase;
          span = length;
        }
      }
    }

    if (entry === undefined && flags & NEGATOR) {
      const exception = NEGATION_EXCEPTIONS.get(term)?.get(terms[i + 1] ?? '');
      if (exception === undefined) {
        pass.closeNegation();
        pass.negationLeft = NEGATION_SCOPE;
        pass.negationPending = true;
        pass.negator = term;
      }
      if (!(flags & NOT_A_FEATURE)) pass.sentenceFeatures.push(term);
      pass.shiftBoost(exception === 'boost' ? BOOST : 0);
      i++;
      continue;
    }

    // "I have never slept so well", "never seen such a mess": VADER's never-so rule. "never" does not
    // negate what follows "so"/"this"/"such"; it intensifies it.
    if (
      span === 1 &&
      pass.negationLeft > 0 &&
      pass.negator === 'never' &&
      (term === 'so' || term === 'this' || term === 'such')
    ) {
      pass.negationLeft = 0;
      pass.negationPending = false;
      pass.shiftBoost(BOOST);
      i++;
      continue;
    }

    if (entry === undefined && flags & IN_LEXICON) entry = WORDS.get(term);
    else if (entry === undefined) ({ entry, key, elongated } = lookupVariant(term));

    const negated = pass.negationLeft > 0 && !(flags & OUTSIDE_NEGATION);
    if (span > 1 || !(flags & NOT_A_FEATURE || isNumber(term))) {
      pass.sentenceFeatures.push(negated ? NEGATED_PREFIX + key : key);
    }

    const intensity = flags & INTENSIFIER ? BOOST : flags & DIMINISHER ? -BOOST : 0;
    // "super", "pretty", "damn" have their own valence, but before a sentiment word they only modify it.
    const modifiesNext =
      intensity !== 0 &&
      span === 1 &&
      kinds[i + 1] === TERM &&
      ((TERM_FLAGS.get(terms[i + 1]) ?? 0) & IN_LEXICON) !== 0;

    if (entry !== undefined && !modifiesNext && !isNeutralLike(term, terms[i - 1])) {
      const valence = negated ? entry.negated : entry.valence;
      if (negated) pass.negationPending = false;
      if (valence !== 0) {
        let magnitude = Math.abs(valence);
        magnitude +=
          pass.boost1 * BOOST_DECAY[0] + pass.boost2 * BOOST_DECAY[1] + pass.boost3 * BOOST_DECAY[2];
        if (shoutingMeans && isShouted(tokens[i])) magnitude += CAPS_BOOST;
        if (elongated) magnitude += ELONGATION_BOOST;
        // A diminisher tones a word down; it never turns it around.
        magnitude = Math.max(magnitude, 0.25 * Math.abs(valence));
        pass.current += valence > 0 ? magnitude : -magnitude;
      }
    }

    if (pass.negationLeft > 0 && !(flags & OUTSIDE_NEGATION)) {
      pass.negationLeft = Math.max(0, pass.negationLeft - span);
      if (pass.negationLeft === 0) pass.closeNegation();
    }
    pass.shiftBoost(intensity);
    i += span;
  }
  pass.endSentence();

  let total = pass.total;
  if (total !== 0 && pass.exclamations > 0) {
    const emphasis = Math.min(pass.exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST;
    total += total > 0 ? emphasis : -emphasis;
  }
  return { valence: total, features: pass.features };
}

/** VADER's normalization: maps any valence sum into (-1, 1), near-linear for one or two words. */
export const VALENCE_NORMALIZER = 20;

export function normalizeValence(valence: number): number {
  return valence / Math.sqrt(valence * valence + VALENCE_NORMALIZER);
}
