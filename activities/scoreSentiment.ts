import type { SentimentResult } from '../domain/sentiment/sentimentResult';
import type { TopicScore } from '../domain/topics/topicScore';
import { scoreTexts } from '../sentiment/engine';
import { compileTaxonomy, type CompiledTaxonomy } from '../topics/engine/topicRules';
import { topicsWithSentiment } from '../topics/engine/tagTopics';
import type { PolicyReader } from './policy/currentPolicy';

/** A text's sentiment, and the topics of the taxonomy it mentions with the sentiment of their clauses. */
export interface TextReading extends SentimentResult {
  topics?: TopicScore[];
}

/** Whose taxonomy tags the texts: the workspace's policy, at least the version the workflow holds. */
export interface TaxonomyOf {
  workspace: string;
  atLeastVersion: number;
}

/** Compiled taxonomies by workspace, each with the policy version it was compiled from. */
const COMPILED_KEPT = 1_000;

/**
 * The `scoreSentiment` local activity: reads a batch of customer texts — their sentiment and, given
 * `taxonomyOf`, their topics. Local: pure CPU in microseconds per text, so a round trip through the task
 * queue would cost more than the work, and the result is still recorded in history (replay never re-reads).
 * The taxonomy comes from the worker's policy cache, not from the workflow: a workflow's policy leaves it
 * out (PolicyInForce), so tens of KiB of rules are not copied into every customer's history. Called
 * without `taxonomyOf` (workflows recorded before topics), it scores only.
 */
export function createScoreSentiment(readPolicy: PolicyReader) {
  const compiled = new Map<string, { version: number; taxonomy: CompiledTaxonomy }>();

  async function taxonomyFor({ workspace, atLeastVersion }: TaxonomyOf): Promise<CompiledTaxonomy> {
    const policy = await readPolicy(workspace, atLeastVersion);
    const known = compiled.get(workspace);
    if (known?.version === policy.version) return known.taxonomy;
    const taxonomy = compileTaxonomy(policy.topics);
    if (compiled.size >= COMPILED_KEPT) compiled.clear();
    compiled.set(workspace, { version: policy.version, taxonomy });
    return taxonomy;
  }

  return async function scoreSentiment(texts: string[], taxonomyOf?: TaxonomyOf): Promise<TextReading[]> {
    const scores = scoreTexts(texts);
    if (taxonomyOf === undefined) return scores;
    const taxonomy = await taxonomyFor(taxonomyOf);
    return scores.map((score, i) => ({ ...score, topics: topicsWithSentiment(texts[i], taxonomy) }));
  };
}
