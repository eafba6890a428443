import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';

// natural's WordTokenizer splits on every non-letter, which destroys exactly the signals customers use to
// carry sentiment: "don't" (negation), ":(" and emoji, "!!!" and clause punctuation (negation scope and
// "but" contrast end there). So we keep natural's RegexpTokenizer but give it a pattern that matches the
// tokens themselves. Order matters: emoticons before punctuation, or ":(" would become a clause boundary;
// words before emoticons, because most positions start a word and the emoticon lookbehind is costly
// (the emoticons that start with a letter, "XD" and "T_T", come out as words and are looked up as such).
const EMOTICON =
  String.raw`(?<![\p{L}\p{N}:/])(?:` +
  String.raw`>?[:;=][\-o*'^]?[()\[\]dDpP/\\|*3]+(?![\p{L}\p{N}])` +
  String.raw`|</?3+|\^_*\^|-_+-|[Tt]_+[Tt]|[()][\-']?[:;=](?![\p{L}\p{N}])` +
  // ":c", ":S", ":O", ":@", ":'(" and the like; and "\o/" (cheering), ">.<" (wincing).
  String.raw`|[:;=]'?-?[cCsSoO@<>{}|$](?![\p{L}\p{N}])|>[._]<|\\o/` +
  `)`;
const EMOJI = String.raw`\p{Extended_Pictographic}(?:\u{FE0F}|\p{Emoji_Modifier})?(?:\u{200D}\p{Extended_Pictographic}(?:\u{FE0F}|\p{Emoji_Modifier})?)*`;
// URLs and times ("10:30") would otherwise shatter into clause boundaries.
const URL = String.raw`https?://\S+|www\.\S+`;
const NUMBER = String.raw`\p{N}+(?:[.,:]\p{N}+)+`;
const WORD = String.raw`[\p{L}\p{N}_]+(?:['’][\p{L}]+)*`;
const PUNCTUATION = String.raw`!+|\?+|[.,;:…–—]+`;

const tokenizer = new RegexpTokenizer({
  pattern: new RegExp(`${URL}|${NUMBER}|${WORD}|${EMOTICON}|${EMOJI}|${PUNCTUATION}`, 'gu'),
  gaps: false,
});

// Text scraped from web forms and social APIs often arrives HTML-escaped: "&lt;3" is a heart.
const ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  '#39': "'",
};
const ENTITY = /&(lt|gt|amp|quot|apos|#39);/g;

export function tokenize(text: string): string[] {
  const decoded = text.includes('&') ? text.replace(ENTITY, (_, name: string) => ENTITIES[name]) : text;
  return tokenizer.tokenize(decoded) ?? [];
}

export enum TokenKind {
  /** Words, emoji and emoticons: anything that can be looked up in the lexicon. */
  Term,
  Exclamation,
  Question,
  /** , ; : . … – — end a clause: negation does not reach across them. */
  Boundary,
}

const BOUNDARY_CHARS = new Set(['.', ',', ';', ':', '…', '–', '—']);

export function kindOf(token: string): TokenKind {
  const first = token[0];
  if (first === '!') return TokenKind.Exclamation;
  if (first === '?') return TokenKind.Question;
  // Emoticons also start with ':' or ';', but never end with a boundary character.
  if (BOUNDARY_CHARS.has(first) && BOUNDARY_CHARS.has(token[token.length - 1])) return TokenKind.Boundary;
  return TokenKind.Term;
}

/**
 * Lexicon key: lower case. Negative contractions lose the apostrophe ("don't" and "dont" alike); other
 * clitics are cut off, or "I'll" would read as "ill" and "we're" as "were".
 */
export function normalizeTerm(token: string): string {
  const lower = token.toLowerCase();
  let apostrophe = lower.indexOf("'");
  if (apostrophe < 0) apostrophe = lower.indexOf('’');
  if (apostrophe < 0) return lower;
  if (lower.endsWith("n't") || lower.endsWith('n’t')) return lower.replace(/['’]/g, '');
  return lower.slice(0, apostrophe);
}

/**
 * SHOUTING ("this is UNACCEPTABLE") intensifies, but a text written entirely in capitals says nothing
 * about any one word, and acronyms of one letter ("I") are not shouting.
 */
export function isShouted(token: string): boolean {
  return token.length > 1 && token === token.toUpperCase() && token !== token.toLowerCase();
}

const RUN_TO_TWO = /(\p{L})\1{2,}/gu;
const RUN_TO_ONE = /(\p{L})\1+/gu;

function hasRunOfThree(term: string): boolean {
  for (let i = 2; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c === term.charCodeAt(i - 1) && c === term.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * Spellings of "soooo gooood" to try, most faithful first. Empty when the word is not elongated, which
 * a character scan decides without a regex: this runs for every word the lexicon does not know.
 */
export function deElongations(term: string): string[] {
  if (!hasRunOfThree(term)) return [];
  const two = term.replace(RUN_TO_TWO, '$1$1');
  const one = term.replace(RUN_TO_ONE, '$1');
  return two === one ? [two] : [two, one];
}
