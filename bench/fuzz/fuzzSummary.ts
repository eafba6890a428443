import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One failed check, with the request that made it, to paste into a bug report. */
export interface FuzzFinding {
  operation: string;
  check: string;
  status: number | null;
  request: string;
  requestBody?: string;
  responseBody?: string;
  message?: string;
  /** How many requests failed this check on this operation with this status. */
  count: number;
}

export interface OperationSummary {
  requests: number;
  statuses: Record<string, number>;
  serverErrors: number;
  /** Failed checks by check name (`response_schema_conformance`, `status_code_conformance`, ...). */
  failedChecks: Record<string, number>;
}

export interface FuzzSummary {
  requests: number;
  serverErrors: number;
  schemaViolations: number;
  statusViolations: number;
  otherFailedChecks: number;
  byOperation: Record<string, OperationSummary>;
  findings: FuzzFinding[];
}

export function emptySummary(): FuzzSummary {
  return {
    requests: 0,
    serverErrors: 0,
    schemaViolations: 0,
    statusViolations: 0,
    otherFailedChecks: 0,
    byOperation: {},
    findings: [],
  };
}

interface Interaction {
  request?: { method?: string; uri?: string; body?: unknown };
  response?: { status_code?: number; content?: unknown } | null;
}

interface ScenarioFinished {
  recorder?: {
    interactions?: Record<string, Interaction>;
    checks?: Record<
      string,
      { name: string; status: string; failure_info?: { failure?: { message?: string } } }[]
    >;
  };
}

/**
 * Adds one schemathesis run (its NDJSON event stream, `--report ndjson`) to `summary`. Requests are counted
 * from the recorded interactions and attributed to the documented operation their method and path match
 * (the stateful phase mixes operations in one scenario), so the figures are per route whatever the phase.
 */
export async function addRun(
  summary: FuzzSummary,
  ndjsonPath: string,
  operationOf: OperationMatcher,
): Promise<void> {
  const lines = createInterface({ input: createReadStream(ndjsonPath), crlfDelay: Infinity });
  const findings = new Map(summary.findings.map((f) => [findingKey(f), f]));
  for await (const line of lines) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const scenario = (JSON.parse(line) as { ScenarioFinished: ScenarioFinished }).ScenarioFinished;
    const interactions = scenario.recorder?.interactions ?? {};
    for (const interaction of Object.values(interactions)) {
      const status = interaction.response?.status_code ?? null;
      const op = operationOf(interaction.request?.method ?? '?', interaction.request?.uri ?? '');
      const entry = (summary.byOperation[op] ??= {
        requests: 0,
        statuses: {},
        serverErrors: 0,
        failedChecks: {},
      });
      summary.requests++;
      entry.requests++;
      entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
      if (status !== null && status >= 500) {
        summary.serverErrors++;
        entry.serverErrors++;
      }
    }
    for (const [caseId, checks] of Object.entries(scenario.recorder?.checks ?? {})) {
      const interaction = interactions[caseId];
      for (const check of checks) {
        if (check.status !== 'failure') continue;
        const op = operationOf(interaction?.request?.method ?? '?', interaction?.request?.uri ?? '');
        const entry = (summary.byOperation[op] ??= {
          requests: 0,
          statuses: {},
          serverErrors: 0,
          failedChecks: {},
        });
        entry.failedChecks[check.name] = (entry.failedChecks[check.name] ?? 0) + 1;
        if (check.name === 'response_schema_conformance') summary.schemaViolations++;
        else if (check.name === 'status_code_conformance') summary.statusViolations++;
        else if (check.name !== 'not_a_server_error') summary.otherFailedChecks++;
        const finding: FuzzFinding = {
          operation: op,
          check: check.name,
          status: interaction?.response?.status_code ?? null,
          request: `${interaction?.request?.method ?? '?'} ${interaction?.request?.uri ?? '?'}`,
          requestBody: decode(interaction?.request?.body),
          responseBody: decode(interaction?.response?.content),
          message: check.failure_info?.failure?.message,
          count: 0,
        };
        const known = findings.get(findingKey(finding)) ?? finding;
        known.count++;
        findings.set(findingKey(known), known);
      }
    }
  }
  summary.findings = [...findings.values()];
}

function findingKey(f: FuzzFinding): string {
  return `${f.operation}|${f.check}|${f.status}`;
}

/** Schemathesis stores bodies as `{ $base64 }` (or as text); the first KiB is enough to reproduce. */
function decode(content: unknown): string | undefined {
  if (content === undefined || content === null) return undefined;
  const base64 = (content as { $base64?: string }).$base64;
  const text =
    base64 !== undefined
      ? Buffer.from(base64, 'base64').toString('utf8')
      : typeof content === 'string'
        ? content
        : JSON.stringify(content);
  return text.length > 1024 ? `${text.slice(0, 1024)}…` : text;
}

export type OperationMatcher = (method: string, uri: string) => string;

/**
 * `METHOD /path/{param}` of the document's operation a request was for. Requests with a method the path does not
 * document (schemathesis tries TRACE, PATCH, ... on every path) are one row: `(undocumented method)`.
 */
export function operationMatcher(paths: Record<string, object>): OperationMatcher {
  const templates = Object.entries(paths).map(([template, operations]) => ({
    template,
    methods: new Set(Object.keys(operations).map((m) => m.toUpperCase())),
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/]+\}/g, '[^/]*')}/?$`),
  }));
  return (method, uri) => {
    let pathname = uri;
    try {
      pathname = new URL(uri).pathname;
    } catch {
      // not a full URL: use it as it is
    }
    const match = templates.find((t) => t.regex.test(pathname));
    if (!match) return '(undocumented path)';
    if (!match.methods.has(method.toUpperCase())) return '(undocumented method)';
    return `${method.toUpperCase()} ${match.template}`;
  };
}

/** The summary as a table and a list of findings, for a terminal. */
export function formatSummary(summary: FuzzSummary): string {
  const rows = Object.entries(summary.byOperation).sort(([a], [b]) => a.localeCompare(b));
  const out: string[] = [];
  out.push(
    `requests ${summary.requests}   5xx ${summary.serverErrors}   schema violations ${summary.schemaViolations}   undocumented statuses ${summary.statusViolations}   other failed checks ${summary.otherFailedChecks}`,
    '',
    `${'operation'.padEnd(58)} ${'requests'.padStart(8)} ${'5xx'.padStart(5)} ${'schema'.padStart(6)} ${'status'.padStart(6)}  statuses`,
  );
  for (const [op, s] of rows) {
    const statuses = Object.entries(s.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `${code}:${n}`)
      .join(' ');
    out.push(
      `${op.padEnd(58)} ${String(s.requests).padStart(8)} ${String(s.serverErrors).padStart(5)} ${String(s.failedChecks.response_schema_conformance ?? 0).padStart(6)} ${String(s.failedChecks.status_code_conformance ?? 0).padStart(6)}  ${statuses}`,
    );
  }
  if (summary.findings.length > 0) {
    out.push('', 'Findings (one example each):');
    for (const f of summary.findings.sort((a, b) => a.operation.localeCompare(b.operation))) {
      out.push(
        `- ${f.operation}: ${f.check} → ${f.status} (${f.count}×)`,
        `    ${f.request}`,
        ...(f.requestBody ? [`    body: ${f.requestBody}`] : []),
        ...(f.message ? [`    ${f.message.split('\n').slice(0, 3).join(' | ')}`] : []),
        ...(f.responseBody ? [`    answer: ${f.responseBody.slice(0, 300)}`] : []),
      );
    }
  }
  return out.join('\n');
}
