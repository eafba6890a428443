import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

function tag(input: string, args: string[] = []) {
  return spawnSync('npx', ['tsx', 'scripts/topics-tag.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run topics:tag (scripts/topics-tag.ts)', () => {
  it('writes {id, topics} for every input line, in order, and nothing else on stdout', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'third time my parcel is late and your chat just keeps me on hold' }),
      JSON.stringify({ id: 2, text: 'The parcel was not late at all' }),
      'this is not json',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify({ id: 'refund', text: 'Still waiting for my refund after the flight was cancelled' }),
    ].join('\n');
    const run = tag(input);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const out = lines.map((line) => JSON.parse(line) as { id: unknown; topics: string[] });
    expect(out.map((o) => o.id)).toEqual(['a', 2, null, 'no-text', 'refund']);
    for (const o of out) expect(Object.keys(o)).toEqual(['id', 'topics']);
    expect(out[0].topics).toEqual(['delay', 'customer_service']);
    expect(out[1].topics).toEqual([]);
    expect(out[2].topics).toEqual([]);
    expect(out[4].topics).toEqual(expect.arrayContaining(['delay', 'refund_and_billing', 'cancellation']));
    expect(run.stderr).toContain('line 3');
    expect(run.stderr).toContain('line 4');
  }, 60_000);

  it("tags with a policy file's own taxonomy, and refuses one that is not valid, naming the field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topics-tag-'));
    const good = path.join(dir, 'policy.json');
    writeFileSync(good, JSON.stringify({ topics: [{ name: 'seating', any: ['legroom', 'seat'] }] }));
    const run = tag(JSON.stringify({ id: 'x', text: 'The legroom was awful and the parcel was late' }), [
      '--policy',
      good,
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ id: 'x', topics: ['seating'] });

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ topics: [{ name: 'Seating!', any: [] }] }));
    const refused = tag('', ['--policy', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('topics.0.name');
    expect(refused.stderr).toContain('topics.0.any');
  }, 60_000);
});
