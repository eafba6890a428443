import { createInterface } from 'node:readline';

/**
 * The JSON-lines filters (`sentiment:score`, `topics:tag`): one output line per input line, in order, so
 * outputs join back to inputs by position. A line that is not JSON still gets one (its fallback), and the
 * problem goes to stderr; stdout carries nothing else.
 */
export interface JsonLinesFilter {
  /** Names the command in messages on stderr. */
  name: string;
  /** The output for a parsed record, or a problem (with the fallback output) for one it cannot use. */
  transform(record: Record<string, unknown>): { output: unknown; problem?: string };
  /** The output for a line that is not JSON at all. */
  unparsable: unknown;
  /** "scored as neutral", "tagged with no topics": what a problem line got, for the summary. */
  fallbackDescription: string;
}

// Output is batched: one write per line would make the process syscall-bound on large inputs.
const FLUSH_AT = 64 * 1024;

export async function runJsonLinesFilter(filter: JsonLinesFilter): Promise<void> {
  let buffer = '';
  let lineNumber = 0;
  let problems = 0;
  const flush = (): Promise<void> => {
    if (buffer === '') return Promise.resolve();
    const chunk = buffer;
    buffer = '';
    // Respect backpressure so a slow consumer does not make us hold the whole output in memory.
    return new Promise((resolve) => {
      if (process.stdout.write(chunk)) resolve();
      else process.stdout.once('drain', resolve);
    });
  };
  const complain = (message: string): void => {
    problems++;
    process.stderr.write(`${filter.name}: line ${lineNumber}: ${message}\n`);
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      complain(`not valid JSON; ${filter.fallbackDescription}`);
      buffer += JSON.stringify(filter.unparsable) + '\n';
      if (buffer.length >= FLUSH_AT) await flush();
      continue;
    }
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const { output, problem } = filter.transform(record);
    if (problem !== undefined) complain(problem);
    buffer += JSON.stringify(output) + '\n';
    if (buffer.length >= FLUSH_AT) await flush();
  }
  await flush();
  if (problems > 0) {
    process.stderr.write(
      `${filter.name}: ${problems} of ${lineNumber} lines ${filter.fallbackDescription}\n`,
    );
  }
}

/** Runs a command's main, reporting a failure on stderr with exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
