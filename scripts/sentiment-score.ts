// Scores JSON lines: {"id","text"} per line on stdin -> {"id","score","label"} per line on stdout, same
// order, exactly one output line per input line. Nothing else is written to stdout; problems go to stderr.
//   npm run --silent sentiment:score < input.jsonl > output.jsonl
// A line that is not JSON, or has no string "text", still gets an output line (score 0, neutral, and its
// id when it has one) so that outputs can be joined back to inputs by position.
import { createInterface } from 'node:readline';
import { scoreText } from '../sentiment/engine';

// Output is batched: one write per line would make the process syscall-bound on large inputs.
const FLUSH_AT = 64 * 1024;
let buffer = '';
let lineNumber = 0;
let problems = 0;

function flush(): Promise<void> {
  if (buffer === '') return Promise.resolve();
  const chunk = buffer;
  buffer = '';
  // Respect backpressure so a slow consumer does not make us hold the whole output in memory.
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function complain(message: string): void {
  problems++;
  process.stderr.write(`sentiment-score: line ${lineNumber}: ${message}\n`);
}

function scoreLine(line: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    complain('not valid JSON; scored as neutral');
    return JSON.stringify({ id: null, score: 0, label: 'neutral' });
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const id = record.id ?? null;
  if (typeof record.text !== 'string') {
    complain('no string "text"; scored as neutral');
    return JSON.stringify({ id, score: 0, label: 'neutral' });
  }
  const { score, label } = scoreText(record.text);
  return JSON.stringify({ id, score, label });
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    buffer += scoreLine(line) + '\n';
    if (buffer.length >= FLUSH_AT) await flush();
  }
  await flush();
  if (problems > 0)
    process.stderr.write(`sentiment-score: ${problems} of ${lineNumber} lines scored as neutral\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`sentiment-score: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
