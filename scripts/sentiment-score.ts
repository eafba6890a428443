// Scores JSON lines: {"id","text"} per line on stdin -> {"id","score","label"} per line on stdout, same
// order, exactly one output line per input line. Nothing else is written to stdout; problems go to stderr.
//   npm run --silent sentiment:score < input.jsonl > output.jsonl
// A line that is not JSON, or has no string "text", still gets an output line (score 0, neutral, and its
// id when it has one) so that outputs can be joined back to inputs by position.
import { scoreText } from '../sentiment/engine';
import { runJsonLinesFilter, runMain } from './jsonLines';

runMain('sentiment-score', () =>
  runJsonLinesFilter({
    name: 'sentiment-score',
    fallbackDescription: 'scored as neutral',
    unparsable: { id: null, score: 0, label: 'neutral' },
    transform(record) {
      const id = record.id ?? null;
      if (typeof record.text !== 'string') {
        return { output: { id, score: 0, label: 'neutral' }, problem: 'no string "text"; scored as neutral' };
      }
      const { score, label } = scoreText(record.text);
      return { output: { id, score, label } };
    },
  }),
);
