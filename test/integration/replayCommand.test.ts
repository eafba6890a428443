import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// `npm run replay` as ops run it before a deploy: a real process, against the real server's histories and
// the recorded ones, with the current code and with two candidate changes to cart recovery.

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

async function replay(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/replay.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('replaying recorded histories (test/histories)', () => {
  it('passes with the current code: a change that would break running workflows fails the build here', async () => {
    const { code, output } = await replay('--dir', 'test/histories');
    // Every recorded workflow type is there and replays.
    for (const type of [
      'customer-run1',
      // Recorded before the customer workflow's patch `decide-after-earlier-events`: the old branch still replays.
      'before-patch-customer-run1',
      // Recorded before `read-model-beside-loop` (rounds of events waited for the projection): still replays.
      'before-read-model-patch-customer-run1',
      'serviceRecoveryJourney',
      'advocacyJourney',
      'cartRecoveryJourney',
      'winBackJourney',
    ]) {
      expect(output).toContain(`ok   ${type}`);
    }
    expect(output).not.toContain('FAIL');
    expect(code).toBe(0);
  });

  it('fails the build on an unsafe change to a running journey, naming the workflow', async () => {
    const { code, output } = await replay(
      '--dir',
      'test/histories',
      '--workflows',
      'test/fixtures/journeyChanges/unsafeChange.ts',
    );
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL cartRecoveryJourney\n\s+DeterminismViolationError/);
    expect(output).toContain('ok   serviceRecoveryJourney');
  });

  it('passes when the same change is made with patched()', async () => {
    const { code, output } = await replay(
      '--dir',
      'test/histories',
      '--workflows',
      'test/fixtures/journeyChanges/patchedChange.ts',
    );
    expect(output).toContain('ok   cartRecoveryJourney');
    expect(code).toBe(0);
  });

  it('refuses unclear arguments with usage', async () => {
    const { code, output } = await replay('--query', 'x', '--workflow-id', 'y');
    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run replay');
  });
});

describe('replaying from a running server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads histories by workflow id and by visibility query and replays them', async () => {
    const customerId = `replayed-${uid()}`;
    await h.request('POST', '/v1/events', {
      events: [
        {
          id: `${customerId}-1`,
          customerId,
          type: 'identify',
          channel: 'web',
          properties: { traits: { tier: 'gold' } },
        },
        {
          id: `${customerId}-2`,
          customerId,
          type: 'message',
          channel: 'chat',
          text: 'Awful, my order is lost.',
        },
        {
          id: `${customerId}-3`,
          customerId,
          type: 'cart_abandoned',
          channel: 'web',
          properties: { cartId: 'c' },
        },
      ],
    });
    await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}`);
      return res.body?.activeJourneys?.length === 2 ? true : undefined;
    });

    const one = await replay('--workflow-id', `customer:default:${customerId}`);
    expect(one.output).toContain(`ok   customer:default:${customerId}`);
    expect(one.code).toBe(0);

    const many = await replay('--query', `WorkflowId STARTS_WITH 'journey:default:${customerId}:'`);
    expect(many.output).toContain(`ok   journey:default:${customerId}:serviceRecovery:1`);
    expect(many.output).toContain(`ok   journey:default:${customerId}:cartRecovery:1`);
    expect(many.code).toBe(0);
  });
});
