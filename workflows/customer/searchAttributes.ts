import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What ops filter customer workflows by in the Temporal UI (docs/DESIGN.md, Ops). The dev server registers
 * these at start (dev/embeddedTemporal.ts, given them by its callers); `npm run setup:temporal` registers them on other servers.
 */
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const WorkspaceKey = defineSearchAttributeKey('Workspace', SearchAttributeType.KEYWORD);
export const SentimentLabelKey = defineSearchAttributeKey('SentimentLabel', SearchAttributeType.KEYWORD);
export const SentimentScoreKey = defineSearchAttributeKey('SentimentScore', SearchAttributeType.DOUBLE);
export const OpenCasesKey = defineSearchAttributeKey('OpenCases', SearchAttributeType.INT);
export const ActiveJourneysKey = defineSearchAttributeKey('ActiveJourneys', SearchAttributeType.KEYWORD_LIST);
export const LastEventAtKey = defineSearchAttributeKey('LastEventAt', SearchAttributeType.DATETIME);

export const customerSearchAttributeKeys = [
  CustomerIdKey,
  WorkspaceKey,
  SentimentLabelKey,
  SentimentScoreKey,
  OpenCasesKey,
  ActiveJourneysKey,
  LastEventAtKey,
] as const;
