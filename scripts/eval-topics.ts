// Precision, recall and F1 per topic of the default taxonomy on a labelled development set, beside a naive
// keyword baseline, and texts per second; prints markdown:
//   npm run --silent eval:topics [-- path/to/dev-set.jsonl]
// The set is JSON lines {"id","text","topics":[names]} (default topics/evaluation/dev-set.jsonl).
//
// Baseline: for each topic, its name and one synonym as lower-case substrings of the lower-cased text
// (BASELINE_KEYWORDS). Texts per second: each tagger over the whole set after a warm-up pass, repeated
// for at least a second, in this same process.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TAXONOMY } from '../topics/engine/defaultTaxonomy';
import { topicNames, topicsWithSentiment } from '../topics/engine/tagTopics';

interface Example {
  id: string;
  text: string;
  topics: string[];
  /** Optional: the set's own grouping (retail, travel, other), reported separately. */
  domain?: string;
}

const BASELINE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  delay: ['delay', 'late'],
  cancellation: ['cancel', 'called off'],
  lost_or_damaged: ['lost', 'damaged', 'broken'],
  refund_and_billing: ['refund', 'billing', 'charged'],
  customer_service: ['customer service', 'support'],
  staff: ['staff', 'crew'],
  waiting: ['waiting', 'queue'],
  booking_and_account: ['booking', 'account', 'website'],
  product_quality: ['quality', 'faulty'],
  price: ['price', 'expensive'],
};

function baselineTopics(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.keys(BASELINE_KEYWORDS).filter((name) =>
    BASELINE_KEYWORDS[name].some((keyword) => lower.includes(keyword)),
  );
}

function readSet(path: string): Example[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const value = JSON.parse(line) as Partial<Example>;
      if (typeof value.text !== 'string' || !Array.isArray(value.topics)) {
        throw new Error(`${path}:${i + 1}: want {"id","text","topics":[...]}`);
      }
      return {
        id: String(value.id ?? i + 1),
        text: value.text,
        topics: value.topics,
        ...(typeof value.domain === 'string' ? { domain: value.domain } : {}),
      };
    });
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

function scores({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function countPerTopic(
  examples: readonly Example[],
  predict: (text: string) => string[],
  names: readonly string[],
): Map<string, Counts> {
  const counts = new Map(names.map((n) => [n, { tp: 0, fp: 0, fn: 0 }]));
  for (const example of examples) {
    const predicted = new Set(predict(example.text));
    const gold = new Set(example.topics);
    for (const name of names) {
      const c = counts.get(name)!;
      if (predicted.has(name) && gold.has(name)) c.tp++;
      else if (predicted.has(name)) c.fp++;
      else if (gold.has(name)) c.fn++;
    }
  }
  return counts;
}

function textsPerSecond(examples: readonly Example[], run: (text: string) => unknown): number {
  for (const e of examples) run(e.text);
  let texts = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const e of examples) run(e.text);
    texts += examples.length;
    elapsed = performance.now() - started;
  } while (elapsed < 1000);
  return texts / (elapsed / 1000);
}

const fmt = (x: number): string => x.toFixed(3);

function main(): void {
  const path = process.argv[2] ?? 'topics/evaluation/dev-set.jsonl';
  const examples = readSet(path);
  const names = DEFAULT_TAXONOMY.topics.map((t) => t.name);
  const tutti = countPerTopic(examples, (text) => topicNames(text, DEFAULT_TAXONOMY), names);
  const baseline = countPerTopic(examples, baselineTopics, names);

  const lines: string[] = [];
  lines.push(`Topic tagging on ${path}: ${examples.length} texts.`, '');
  lines.push('| topic | support | Tutti P | Tutti R | Tutti F1 | baseline P | baseline R | baseline F1 |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const macro = { tutti: 0, baseline: 0 };
  const micro = { tutti: { tp: 0, fp: 0, fn: 0 }, baseline: { tp: 0, fp: 0, fn: 0 } };
  for (const name of names) {
    const t = tutti.get(name)!;
    const b = baseline.get(name)!;
    const ts = scores(t);
    const bs = scores(b);
    macro.tutti += ts.f1 / names.length;
    macro.baseline += bs.f1 / names.length;
    for (const [sum, c] of [
      [micro.tutti, t],
      [micro.baseline, b],
    ] as const) {
      sum.tp += c.tp;
      sum.fp += c.fp;
      sum.fn += c.fn;
    }
    lines.push(
      `| ${name} | ${t.tp + t.fn} | ${fmt(ts.precision)} | ${fmt(ts.recall)} | ${fmt(ts.f1)} | ` +
        `${fmt(bs.precision)} | ${fmt(bs.recall)} | ${fmt(bs.f1)} |`,
    );
  }
  const mt = scores(micro.tutti);
  const mb = scores(micro.baseline);
  lines.push(
    `| **micro** | | ${fmt(mt.precision)} | ${fmt(mt.recall)} | **${fmt(mt.f1)}** | ` +
      `${fmt(mb.precision)} | ${fmt(mb.recall)} | **${fmt(mb.f1)}** |`,
  );
  lines.push(`| **macro F1** | | | | **${fmt(macro.tutti)}** | | | **${fmt(macro.baseline)}** |`, '');

  // Per domain: how far the rules carry beyond the kind of text they were first written for.
  const domains = [...new Set(examples.map((e) => e.domain).filter((d) => d !== undefined))].sort();
  if (domains.length > 1) {
    lines.push('| domain | texts | Tutti micro F1 | baseline micro F1 |', '|---|---:|---:|---:|');
    for (const domain of domains) {
      const subset = examples.filter((e) => e.domain === domain);
      const microF1 = (predict: (text: string) => string[]): number => {
        const sum = { tp: 0, fp: 0, fn: 0 };
        for (const c of countPerTopic(subset, predict, names).values()) {
          sum.tp += c.tp;
          sum.fp += c.fp;
          sum.fn += c.fn;
        }
        return scores(sum).f1;
      };
      lines.push(
        `| ${domain} | ${subset.length} | ${fmt(microF1((text) => topicNames(text, DEFAULT_TAXONOMY)))} | ` +
          `${fmt(microF1(baselineTopics))} |`,
      );
    }
    lines.push('');
  }

  const rates = [
    ['Tutti tagTopics', textsPerSecond(examples, (text) => topicNames(text, DEFAULT_TAXONOMY))],
    [
      'Tutti topicsWithSentiment',
      textsPerSecond(examples, (text) => topicsWithSentiment(text, DEFAULT_TAXONOMY)),
    ],
    ['baseline', textsPerSecond(examples, baselineTopics)],
  ] as const;
  lines.push('| tagger | texts per second |', '|---|---:|');
  for (const [name, rate] of rates) lines.push(`| ${name} | ${Math.round(rate).toLocaleString('en')} |`);
  process.stdout.write(lines.join('\n') + '\n');
}

main();
