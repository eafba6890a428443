// Phrases whose meaning is not the sum of their words ("bad ass" is praise, "yeah right" is scorn), on
// the AFINN scale (-5..5). The list and its values are VADER's SPECIAL_CASE_IDIOMS (Hutto & Gilbert, 2014;
// MIT), scaled from VADER's -4..4. As phrases they take precedence over their words (lexicon.ts).
import { VADER_TO_AFINN } from './vaderLexicon';

const VADER_IDIOMS: Readonly<Record<string, number>> = {
  'the shit': 3,
  'the bomb': 3,
  'bad ass': 1.5,
  'yeah right': -2,
  'cut the mustard': 2,
  'kiss of death': -1.5,
  'hand to mouth': -2,
};

export const IDIOMS: ReadonlyMap<string, number> = new Map(
  Object.entries(VADER_IDIOMS).map(([phrase, valence]) => [phrase, valence * VADER_TO_AFINN]),
);
