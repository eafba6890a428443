// natural's per-file modules ship without declarations (only the package index, which we must not
// load: it pulls in storage backends that read .env). These cover just what the scorer touches.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer' {
  export interface RegexpTokenizerOptions {
    pattern?: RegExp;
    /** false: `pattern` matches the tokens themselves rather than the gaps between them. */
    gaps?: boolean;
    discardEmpty?: boolean;
  }
  export class RegexpTokenizer {
    constructor(options?: RegexpTokenizerOptions);
    /** With `gaps: false` this is `String.prototype.match`, hence null when nothing matches. */
    tokenize(text: string): string[] | null;
  }
  /** natural's default word tokenizer: splits on anything that is not a letter, digit or underscore. */
  export class WordTokenizer extends RegexpTokenizer {
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
