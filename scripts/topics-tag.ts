// Tags JSON lines with topics: {"id","text"} per line on stdin -> {"id","topics":[names]} per line on stdout
// (docs/DESIGN.md, "Topics and alerts"), same order, exactly one output line per input line. Nothing else is
// written to stdout; problems go to stderr.
//   npm run --silent topics:tag < input.jsonl > output.jsonl
//   npm run --silent topics:tag -- --policy policy.json < input.jsonl   (a policy document's `topics`)
// Without --policy, the default taxonomy (domain/topics/defaultTopicRules.ts). A line that is not JSON, or
// has no string "text", gets {"id", "topics": []}.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { topics as topicsSchema } from '../domain/policy/topicsAndAlertsSchema';
import { DEFAULT_TAXONOMY } from '../topics/engine/defaultTaxonomy';
import { topicNames } from '../topics/engine/tagTopics';
import { compileTaxonomy, type CompiledTaxonomy } from '../topics/engine/topicRules';
import { runJsonLinesFilter, runMain } from './jsonLines';

/** The taxonomy of a policy file (a whole policy document, or just its `topics` list), validated as the API would. */
function taxonomyOf(path: string): CompiledTaxonomy {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const rules: unknown =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).topics
      : parsed;
  const result = topicsSchema.safeParse(rules);
  if (!result.success) {
    const where = result.error.issues
      .slice(0, 5)
      .map((issue) => `topics.${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`${path} has no valid topics (${where})`);
  }
  return compileTaxonomy(result.data);
}

runMain('topics-tag', async () => {
  const { values } = parseArgs({ options: { policy: { type: 'string' } } });
  const taxonomy = values.policy !== undefined ? taxonomyOf(values.policy) : DEFAULT_TAXONOMY;
  await runJsonLinesFilter({
    name: 'topics-tag',
    fallbackDescription: 'tagged with no topics',
    unparsable: { id: null, topics: [] },
    transform(record) {
      const id = record.id ?? null;
      if (typeof record.text !== 'string') {
        return { output: { id, topics: [] }, problem: 'no string "text"; tagged with no topics' };
      }
      return { output: { id, topics: topicNames(record.text, taxonomy) } };
    },
  });
});
