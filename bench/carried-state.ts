// bench/carried-state: how much a customer's workflow carries across continue-as-new (docs/SCALING.md), for
// a typical customer and a heavy one, read from the ContinuedAsNew events of real runs.
//   npm run bench:carried-state -- [--typical-days 90] [--heavy-events 3000] [--heavy-requests 1200]
// A stack of its own whose API starts customer workflows with a low history limit
// (TUTTI_CUSTOMER_HISTORY_LIMIT=300), so they continue as new every few dozen events, as production ones do
// every few thousand. Every carried state is measured as the JSON the payload converter wrote.
// The bench asks for every contact request within minutes, so every answer is still carried (for
// ANSWERS_RETAINED_MS, 7 days); "a week later" is the last carried state with its ledger carried again a
// week on, when those answers have expired (carryLedger on the real ledger), as a customer whose requests
// are spread over weeks carries it.
import { Client, Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import type { CarriedLedgerInput } from '../domain/contact/carriedLedger';
import {
  ANSWERS_RETAINED_MS,
  carryLedger,
  restoreLedger,
  withoutAnswerTimes,
} from '../domain/contact/carriedLedger';
import { customerWorkflowId } from '../workflows/customer/messages';
import { startStormStack } from './storm/stormStack';

const { values } = parseArgs({
  options: {
    'typical-days': { type: 'string', default: '90' },
    'heavy-events': { type: 'string', default: '3000' },
    'heavy-requests': { type: 'string', default: '1200' },
  },
});
const DAY = 86_400_000;

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  const stack = await startStormStack({
    selfHeal: false,
    env: { TUTTI_CUSTOMER_HISTORY_LIMIT: '300' },
    log: (line) => console.log(line),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  try {
    const call = async (method: string, route: string, body: unknown) => {
      const res = await fetch(`${stack.baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const now = Date.now();
    const profiles = [
      {
        name: 'typical',
        customerId: 'typical-1',
        // A page view or two a day, a message a week, a purchase a month; two marketing messages a week and a
        // receipt per purchase.
        events: Number(values['typical-days']) * 2,
        requests: Math.round((Number(values['typical-days']) / 7) * 2.5),
      },
      {
        name: 'heavy',
        customerId: 'heavy-1',
        events: Number(values['heavy-events']),
        requests: Number(values['heavy-requests']),
      },
    ];
    for (const p of profiles) {
      await call('POST', '/v1/events', {
        id: `${p.customerId}-identify`,
        customerId: p.customerId,
        type: 'identify',
        channel: 'web',
        properties: {
          traits: { email: `${p.customerId}@example.com`, timezone: 'Europe/Paris', tier: 'gold' },
        },
      });
      const span = p.events;
      const batch: Record<string, unknown>[] = [];
      for (let i = 0; i < p.events; i++) {
        const at = new Date(now - DAY * 90 + (i * DAY * 90) / span).toISOString();
        batch.push(
          i % 14 === 0
            ? {
                id: `${p.customerId}-e${i}`,
                customerId: p.customerId,
                type: 'message',
                channel: 'chat',
                occurredAt: at,
                text: 'Can I change the delivery address of my order?',
              }
            : i % 30 === 0
              ? {
                  id: `${p.customerId}-e${i}`,
                  customerId: p.customerId,
                  type: 'purchase',
                  channel: 'web',
                  occurredAt: at,
                  properties: { orderId: `o${i}`, amount: 40 },
                }
              : {
                  id: `${p.customerId}-e${i}`,
                  customerId: p.customerId,
                  type: 'page_view',
                  channel: 'web',
                  occurredAt: at,
                  properties: { path: `/p/${i % 50}` },
                },
        );
        if (batch.length === 100 || i === p.events - 1) {
          await call('POST', '/v1/events', { events: batch.splice(0) });
        }
      }
      for (let i = 0; i < p.requests; i++) {
        await call('POST', `/v1/customers/${p.customerId}/contact-requests`, {
          id: `${p.customerId}-r${i}`,
          channel: (['email', 'sms', 'push'] as const)[i % 3],
          category: i % 5 === 0 ? 'transactional' : 'newsletter',
          content: { subject: `Message ${i}` },
        });
      }
    }
    await new Promise((r) => setTimeout(r, 10_000));

    const breakdown: string[] = [];
    console.log(
      '\n| customer | events | requests | runs | carried state, last run (bytes) | largest carried (bytes) | a week later (bytes) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const p of profiles) {
      const workflowId = customerWorkflowId('default', p.customerId);
      const sizes: number[] = [];
      let latest: Record<string, unknown> | undefined;
      let runs = 0;
      for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
        runs++;
        const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
        for (const event of history.events ?? []) {
          const input = event.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0]?.data;
          if (input) {
            sizes.push(input.length);
            latest ??= JSON.parse(Buffer.from(input).toString('utf8')) as Record<string, unknown>;
          }
        }
      }
      // Listed newest first: the first continue-as-new seen is the latest.
      console.log(
        `| ${p.name} | ${p.events} | ${p.requests} | ${runs} | ${sizes[0] ?? '-'} | ${sizes.length ? Math.max(...sizes) : '-'} | ${latest ? aWeekLater(latest) : '-'} |`,
      );
      if (latest) {
        const carried = latest.carried as Record<string, unknown> & { ledger: CarriedLedgerInput };
        // The same ledger as runs from before the compact form carried it: the comparison on the same data.
        const asBefore = JSON.stringify(withoutAnswerTimes(restoreLedger(carried.ledger))).length;
        breakdown.push(
          `${p.name}: ${partsOf(carried)}; the ledger as carried before the compact form ${asBefore}`,
        );
      }
    }
    console.log(
      `\nWhere the bytes are (JSON of each part, and of its largest members):\n${breakdown.join('\n')}`,
    );
  } finally {
    await connection.close();
    await stack.stop();
  }
}

/** The carried input's size (bytes of JSON) with its ledger carried again a week after the last run's end. */
function aWeekLater(input: Record<string, unknown>): number {
  const carried = input.carried as Record<string, unknown> & { ledger: CarriedLedgerInput };
  const ledger = carryLedger(restoreLedger(carried.ledger), Date.now() + ANSWERS_RETAINED_MS);
  return Buffer.byteLength(JSON.stringify({ ...input, carried: { ...carried, ledger } }));
}

function partsOf(carried: Record<string, unknown>): string {
  const size = (v: unknown) => JSON.stringify(v ?? null).length;
  return Object.entries(carried)
    .map(([part, value]) => {
      const members =
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.entries(value as Record<string, unknown>)
              .map(([k, v]) => [k, size(v)] as const)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 4)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')
          : '';
      return `${part} ${size(value)}${members ? ` (${members})` : ''}`;
    })
    .join('; ');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
