import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

describe('scripts/sentiment-score.ts', () => {
  it('writes exactly one JSON line per input line, in order, and nothing else', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'thanks, the agent fixed it quickly' }),
      JSON.stringify({ id: 2, text: 'my flight was cancelled and I am still waiting for a refund' }),
      'this is not json',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify({ id: 'empty', text: '' }),
      JSON.stringify({ id: 'last', text: 'not good' }),
    ].join('\n');
    const run = spawnSync('npx', ['tsx', 'scripts/sentiment-score.ts'], {
      cwd: root,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const out = lines.map((line) => JSON.parse(line) as { id: unknown; score: number; label: string });
    expect(out.map((o) => o.id)).toEqual(['a', 2, null, 'no-text', 'empty', 'last']);
    expect(out.map((o) => o.label)).toEqual([
      'positive',
      'negative',
      'neutral',
      'neutral',
      'neutral',
      'negative',
    ]);
    for (const o of out) expect(Object.keys(o)).toEqual(['id', 'score', 'label']);
    expect(out[2].score).toBe(0);
    expect(run.stderr).toContain('line 3');
    expect(run.stderr).toContain('line 4');
  }, 60_000);
});
