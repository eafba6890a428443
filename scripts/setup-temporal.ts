// Registers Tutti's search attributes on a Temporal server you run yourself (TEMPORAL_ADDRESS), so ops can
// filter customer workflows in the UI. The embedded dev server registers them at start; this is for the rest.
// Idempotent: attributes already there are left alone. (Temporal Cloud: add them in the Cloud UI or tcld.)
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../platform/config';
import { temporalConnectionOptions } from '../platform/temporalConnectionOptions';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const existing = await connection.operatorService.listSearchAttributes({
      namespace: config.temporal.namespace,
    });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = customerSearchAttributeKeys.filter((key) => !known.has(key.name));
    if (missing.length === 0) {
      console.log('All Tutti search attributes are registered.');
      return;
    }
    await connection.operatorService.addSearchAttributes({
      namespace: config.temporal.namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]])),
    });
    console.log(`Registered: ${missing.map((k) => k.name).join(', ')}`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
