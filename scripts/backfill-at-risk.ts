// Puts the customers at risk whose read models were projected before the at-risk set existed into it
// (storage/atRiskSet.ts), so GET /v1/customers?atRisk=true lists them before their next event.
// Run once after upgrading (the workers may run):
//   npm run backfill:at-risk
import { loadConfig } from '../platform/config';
import { backfillAtRiskSet } from '../storage/atRiskSet';
import { openStorage } from '../storage/connection';

async function main(): Promise<void> {
  // Patient: it reads the whole customers collection, seconds on FerretDB.
  const storage = await openStorage(loadConfig().mongo.uri, {
    settings: { maxPoolSize: 4, timeoutMs: 600_000 },
  });
  try {
    console.log(`${await backfillAtRiskSet(storage.models)} customers at risk in their workspace's set.`);
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
