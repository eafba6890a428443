// VADER's word list (Hutto & Gilbert, ICWSM 2014; MIT licence, Copyright (c) 2016 C.J. Hutto), read from
// the copy that the vader-sentiment package (Apache-2.0, Copyright 2018 Comcast) installs. It is read
// where npm put it, once, when this module loads; nothing of it is copied into this repository.
//
// Why: AFINN rates about 3,400 words; VADER's crowd-rated list has about 7,500, with the slang,
// interjections and emoticons of social text ("meh", "ugh", "lmao", "yay", "xd") that AFINN lacks.
// lexicon.ts decides how the two are combined.
// The engine's one use of Node's I/O, at load time only (eslint.config.mjs says why it is allowed here).
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { createRequire } from 'node:module';
import { tokenize } from './tokenizer';

/** VADER rates on -4..4, AFINN on -5..5. */
export const VADER_TO_AFINN = 5 / 4;

/**
 * On VADER's scale. About 700 entries rate below this ("number" 0.3, "authority" 0.3, "apology" 0.2): rater
 * noise rather than sentiment, and enough to tip a neutral "my order number is 12345" off neutral.
 */
const MIN_VALENCE = 0.5;

const WORD = /^[a-z][a-z-]*[a-z]$/;

/**
 * Two-letter entries kept anyway: chat abbreviations that are not also common initials or codes, and that
 * customers write to agents ("ty for the quick reply", "np", "yw").
 */
const CHAT_ABBREVIATIONS: ReadonlySet<string> = new Set(['ty', 'np', 'yw', 'jk']);
const STARTS_WITH_LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

/**
 * Words of three letters or more, and emoticons our tokenizer reads as one token. VADER's one- and
 * two-letter entries ("l", "po", "dx", "gt") are chat abbreviations that in other text are initials,
 * units or codes (a few unambiguous ones excepted, above); and an entry the tokenizer splits (">:[" becomes
 * ">" and ":[") could never match.
 */
function isUsable(token: string): boolean {
  const lower = token.toLowerCase();
  if (WORD.test(lower)) return lower.length >= 3 || CHAT_ABBREVIATIONS.has(lower);
  const tokens = tokenize(token);
  return tokens.length === 1 && tokens[0] === token && !STARTS_WITH_LETTER_OR_DIGIT.test(token);
}

function load(minValence: number): Map<string, number> {
  // Node's own resolution, from this file: a loader's `require` (tsx's namespaced one) may decorate paths.
  const file = createRequire(__filename).resolve('vader-sentiment/vader_lexicon.txt');
  const entries = new Map<string, number>();
  // TOKEN <TAB> MEAN <TAB> SD <TAB> [ten ratings]. A later duplicate wins, as in VADER itself.
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [token, mean] = line.split('\t');
    const valence = Number(mean);
    if (token === undefined || token === '' || mean === undefined || !Number.isFinite(valence)) continue;
    if (Math.abs(valence) >= minValence && isUsable(token))
      entries.set(token, Math.round(valence * VADER_TO_AFINN * 100) / 100);
  }
  return entries;
}

/** Token as VADER spells it → valence on the AFINN scale: the entries worth adding where AFINN has none. */
export const VADER_VALENCE: ReadonlyMap<string, number> = load(MIN_VALENCE);

/**
 * Every usable VADER rating, near-zero ones included, for words AFINN also rates. There a low VADER rating
 * is information, not noise: ten raters found "silly" (0.1) and "sorry" (-0.3) nearly neutral, and the
 * mean with AFINN's -1 is better than AFINN's -1 alone.
 */
export const VADER_RATINGS: ReadonlyMap<string, number> = load(0);
