// Words that change the valence of the sentiment words near them rather than carrying their own.
// Keys are normalized terms (lower case, apostrophes dropped), as produced by `normalizeTerm`.

/** Negation reaches this many words forward (VADER looks three words back; the same window, seen forward). */
export const NEGATION_SCOPE = 3;

const CONTRACTED_NEGATIONS = [
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'cant',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'wont',
  'havent',
  'hasnt',
  'hadnt',
  'aint',
  'mustnt',
  'neednt',
  'mightnt',
  'darent',
  'shant',
];

export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'neither',
  'nor',
  'none',
  'nobody',
  'nothing',
  'nowhere',
  'cannot',
  'without',
  'hardly',
  'barely',
  'scarcely',
  'nt',
  ...CONTRACTED_NEGATIONS,
]);

/**
 * "never been so happy", "not only good but cheap": the negator does not negate. The value is what the
 * following word turns the negator into (an intensifier, or nothing).
 */
export const NEGATION_EXCEPTIONS: ReadonlyMap<string, ReadonlyMap<string, 'boost' | 'cancel'>> = new Map([
  [
    'never',
    new Map<string, 'boost' | 'cancel'>([
      ['so', 'boost'],
      ['this', 'boost'],
      ['such', 'boost'],
    ]),
  ],
  [
    'not',
    new Map<string, 'boost' | 'cancel'>([
      ['only', 'cancel'],
      ['just', 'cancel'],
    ]),
  ],
  [
    'no',
    new Map<string, 'boost' | 'cancel'>([
      ['doubt', 'boost'],
      ['wonder', 'cancel'],
    ]),
  ],
]);

/**
 * Laughter says how the writer feels about the whole message, not about the word before it: in "I have
 * no idea lol" or "NOT THE LATTER LOL" the negation does not reach it. Emoticons and emoji are treated
 * the same way (see analyze.ts).
 */
export const NEVER_NEGATED: ReadonlySet<string> = new Set([
  'lol',
  'lols',
  'lolz',
  'lmao',
  'lmfao',
  'rofl',
  'haha',
  'hahaha',
  'hahahaha',
  'hehe',
  'hehehe',
  'xd',
]);

/**
 * A negated positive reads clearly negative ("not happy" from a customer means unhappy), a negated
 * negative only mildly positive ("not bad" is faint praise). VADER uses -0.74 for both.
 */
export const NEGATED_POSITIVE_SCALAR = -0.85;
export const NEGATED_NEGATIVE_SCALAR = -0.5;

/**
 * A negation that finds no sentiment word to turn around ("it never came", "no flavor", "won't be back")
 * still reads negative from a customer: it counts as this much valence when its scope closes. Half a
 * mild word: at -1, "no idea" and "never heard that" tipped too much neutral social text (cross-validated).
 */
export const UNRESOLVED_NEGATION = -0.5;

/** Added to (or, for diminishers, taken from) the magnitude of the next sentiment word, AFINN scale. */
export const BOOST = 0.4;
/** Intensifiers further back count a little less ("really very good" vs "very good"). */
export const BOOST_DECAY = [1, 0.95, 0.9] as const;

export const INTENSIFIERS: ReadonlySet<string> = new Set([
  'absolutely',
  'amazingly',
  'awfully',
  'completely',
  'considerably',
  'decidedly',
  'deeply',
  'effing',
  'enormously',
  'entirely',
  'especially',
  'exceptionally',
  'extremely',
  'fabulously',
  'flipping',
  'flippin',
  'frickin',
  'fricking',
  'friggin',
  'frigging',
  'fully',
  'freaking',
  'freakin',
  'fucking',
  'greatly',
  'highly',
  'hugely',
  'incredibly',
  'insanely',
  'intensely',
  'majorly',
  'more',
  'most',
  'particularly',
  'purely',
  'really',
  'remarkably',
  'ridiculously',
  'seriously',
  'so',
  'substantially',
  'super',
  'thoroughly',
  'totally',
  'tremendously',
  'truly',
  'uber',
  'unbelievably',
  'unusually',
  'utterly',
  'very',
  'way',
  'soo',
  'sooo',
  'damn',
  'such',
  'too',
  'beyond',
  'ever',
  'literally',
]);

export const DIMINISHERS: ReadonlySet<string> = new Set([
  'almost',
  'kinda',
  'kindof',
  'sorta',
  'less',
  'little',
  'marginally',
  'occasionally',
  'partly',
  'slightly',
  'somewhat',
  'fairly',
  'bit',
  'pretty',
  'rather',
  'mostly',
  'reasonably',
  'relatively',
  'mildly',
  'moderately',
]);

/**
 * "The food was great but the service was awful": what follows the contrast word is what the customer
 * means. Weights as in VADER (0.5 before, 1.5 after), applied within the sentence.
 */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(['but', 'however']);
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;

/** Per "!" (at most four), added to the magnitude of the whole text, as VADER does; AFINN scale. */
export const EXCLAMATION_BOOST = 0.36;
export const MAX_EXCLAMATIONS = 4;
/** Added to a SHOUTED sentiment word's magnitude when the rest of the text is not shouted. */
export const CAPS_BOOST = 0.9;
/** An elongated word ("sooo gooood") is emphasised like a mild intensifier. */
export const ELONGATION_BOOST = 0.4;
