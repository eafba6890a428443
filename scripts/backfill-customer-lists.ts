// Lists the documents written before per-customer lists existed (storage/backfillCustomerLists.ts), so that
// customers' older messages, events, decisions and journey steps stay on the ledger, outbox and timeline.
// Run once after upgrading, with the workers stopped (the API may run):
//   npm run backfill:customer-lists
import { loadConfig } from '../platform/config';
import { backfillCustomerLists } from '../storage/backfillCustomerLists';
import { openStorage } from '../storage/connection';

async function main(): Promise<void> {
  // Patient: it reads whole collections, seconds each on FerretDB.
  const storage = await openStorage(loadConfig().mongo.uri, {
    settings: { maxPoolSize: 4, timeoutMs: 600_000 },
  });
  try {
    const { lists, ids } = await backfillCustomerLists(storage.models);
    console.log(`Listed ${ids} older documents in ${lists} per-customer lists.`);
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
