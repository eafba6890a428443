// The sentiment engine: pure CPU, no Temporal, and no I/O once loaded (docs/SENTIMENT.md). Code outside
// sentiment/ scores text through this file; the training code and the engine's own tests reach into the
// files they study.
export { scoreText, scoreTexts } from './scorer';
export { MODEL_THRESHOLDS, textLabelFor } from './thresholds';
// The topic tagger (topics/engine) reads text with the same tokens the scorer does.
export { TokenKind, kindOf, normalizeTerm, tokenize } from './tokenizer';
