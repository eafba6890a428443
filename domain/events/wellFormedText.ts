/**
 * JavaScript strings are UTF-16 and may hold a lone surrogate (half of a pair, e.g. "\uD800"). No UTF-8 encoder
 * can write one: MongoDB, Temporal's payloads and every HTTP answer turn each into U+FFFD, so two different
 * strings ("a\uD800", "a\uD801") would be stored as one. Ids are therefore refused with one; free text is
 * repaired (see freeFormJson.ts), the same way every encoder downstream would repair it.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** Any surrogate at all: a cheap first look, since almost no text has a lone one. */
const SURROGATE = /[\uD800-\uDFFF]/;

export const LONE_SURROGATE_MESSAGE =
  'must be well-formed Unicode: it holds a lone surrogate (half of a UTF-16 pair), which cannot be stored';

export function hasLoneSurrogate(text: string): boolean {
  return SURROGATE.test(text) && LONE_SURROGATE.test(text);
}

/** The text with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function toWellFormed(text: string): string {
  return hasLoneSurrogate(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}
