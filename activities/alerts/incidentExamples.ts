import type { Collection } from 'mongoose';
import type { ExampleCandidate, IncidentExample } from '../../domain/alerts/incidentExamples';
import { MAX_EXAMPLES, pickExamples } from '../../domain/alerts/incidentExamples';
import type { SentimentThresholds } from '../../domain/sentiment/sentimentThresholds';
import { eventKey } from '../../storage/documentKeys';
import type { Models } from '../../storage/models';
import { withBusyRetry } from '../../storage/withBusyRetry';

/** Processed events an example is picked from, at most: the newest of a window's (a scan, once per incident). */
const MAX_CANDIDATES = 5000;

interface ProcessedRow {
  _id: string;
  eventId: string;
  occurredAt: Date;
  score?: number;
  label?: string;
  topics?: { name: string; score: number }[];
}

/**
 * The verbatims an incident quotes (domain/alerts/incidentExamples.ts): negative processed events of the
 * incident's window (mentioning the topic, for a spike), their words read from the receipts by `_id`.
 * Events without words (a rating) are skipped.
 */
export async function readIncidentExamples(
  models: Models,
  workspace: string,
  about: { topic?: string; from: Date; to: Date; thresholds: SentimentThresholds },
): Promise<IncidentExample[]> {
  const processed = models.processedEvents.collection as unknown as Collection<ProcessedRow>;
  const rows = await withBusyRetry(() =>
    processed
      .find(
        {
          workspace,
          occurredAt: { $gte: about.from, $lt: about.to },
          ...(about.topic !== undefined ? { 'topics.name': about.topic } : { label: 'negative' }),
        },
        { projection: { eventId: 1, occurredAt: 1, score: 1, label: 1, topics: 1 } },
      )
      .limit(MAX_CANDIDATES)
      .toArray(),
  );
  const candidates: ExampleCandidate[] = rows.map((row) => ({
    eventId: row.eventId,
    occurredAt: row.occurredAt.getTime(),
    ...(row.score !== undefined ? { score: row.score } : {}),
    ...(row.label !== undefined ? { label: row.label } : {}),
    ...(row.topics !== undefined ? { topics: row.topics } : {}),
  }));
  const picked = pickExamples(candidates, about.topic, about.thresholds, candidates.length);
  const examples: IncidentExample[] = [];
  for (const { eventId, score } of picked) {
    if (examples.length >= MAX_EXAMPLES) break;
    const receipt = await models.events.findById(eventKey(workspace, eventId), { text: 1 }).lean();
    const text = receipt?.text;
    if (typeof text === 'string' && text.trim() !== '') examples.push({ eventId, text, score });
  }
  return examples;
}
