/**
 * The settings of the policy the editor gives a form field (the ones teams change most: caps, quiet hours,
 * holdout shares, alert thresholds), how a field's text becomes a value of the document, and which of the API's
 * field errors go next to which field. Pure: the Policy page's editor renders what this returns.
 */

export interface PolicyField {
  /** The dotted path the API names in `errors[].path` (`caps.0.limit`). */
  path: string;
  label: string;
  /** Numbers are sent as numbers when they read as one, else as typed (the API then says what it expects). */
  kind: 'number' | 'text';
  hint?: string;
  /** Empty text removes the setting (a journey without a holdout share) instead of leaving it blank. */
  removeWhenEmpty?: boolean;
}

export interface PolicyFieldGroup {
  legend: string;
  fields: PolicyField[];
}

const DURATION_HINT = 'A duration such as 90s, 15m, 24h or 7d';

/** The groups of fields for a document (one pair of fields per cap, one holdout field per journey). */
export function policyFields(doc: Record<string, unknown>): PolicyFieldGroup[] {
  const caps = Array.isArray(doc.caps) ? (doc.caps as unknown[]) : [];
  const journeys = isRecord(doc.journeys) ? Object.keys(doc.journeys) : [];
  const heldOut =
    isRecord(doc.holdout) && isRecord(doc.holdout.journeys) ? Object.keys(doc.holdout.journeys) : [];
  const journeyNames = [...new Set([...journeys, ...heldOut])];
  return [
    {
      legend: 'Frequency caps',
      fields: caps.flatMap((cap, index) => {
        const name = isRecord(cap) && typeof cap.name === 'string' ? cap.name : `cap ${index + 1}`;
        return [
          { path: `caps.${index}.limit`, label: `${name}: messages`, kind: 'number' as const },
          {
            path: `caps.${index}.window`,
            label: `${name}: window`,
            kind: 'text' as const,
            hint: DURATION_HINT,
          },
        ];
      }),
    },
    {
      legend: 'Quiet hours',
      fields: [
        { path: 'quietHours.start', label: 'Quiet hours start', kind: 'text', hint: 'HH:MM, 24-hour clock' },
        { path: 'quietHours.end', label: 'Quiet hours end', kind: 'text', hint: 'HH:MM, 24-hour clock' },
        {
          path: 'quietHours.defaultTimeZone',
          label: 'Default time zone',
          kind: 'text',
          hint: 'For customers without a timezone trait, such as Europe/Paris',
        },
      ],
    },
    {
      legend: 'Holdout',
      fields: [
        {
          path: 'holdout.globalPercent',
          label: 'Global control group (%)',
          kind: 'number',
          hint: 'Customers who get no marketing at all, 0 to 100',
        },
        ...journeyNames.map((name) => ({
          path: `holdout.journeys.${name}`,
          label: `${name} control group (%)`,
          kind: 'number' as const,
          hint: 'Runs whose marketing sends are held back; empty for none',
          removeWhenEmpty: true,
        })),
      ],
    },
    {
      legend: 'Alert thresholds',
      fields: [
        { path: 'alerts.every', label: 'Evaluate alerts every', kind: 'text', hint: DURATION_HINT },
        ...(['nssDrop', 'topicSpike'] as const).flatMap((rule) => {
          const words = rule === 'nssDrop' ? 'NSS drop' : 'Topic spike';
          return [
            { path: `alerts.${rule}.sigma`, label: `${words}: sigma`, kind: 'number' as const },
            {
              path: `alerts.${rule}.minMentions`,
              label: `${words}: minimum mentions`,
              kind: 'number' as const,
            },
          ];
        }),
      ],
    },
  ].filter((group) => group.fields.length > 0) as PolicyFieldGroup[];
}

/** The value at a dotted path, or undefined. */
export function valueAt(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split('.')) {
    if (Array.isArray(at)) at = at[Number(key)];
    else if (isRecord(at)) at = Object.hasOwn(at, key) ? at[key] : undefined;
    else return undefined;
  }
  return at;
}

/**
 * A copy of the document with the value at the path replaced (undefined: removed), creating objects on the
 * way as needed. The original is not changed.
 */
export function withValueAt<T>(doc: T, path: string, value: unknown): T {
  const copy = structuredClone(doc) as unknown;
  const keys = path.split('.');
  let at = copy as Record<string, unknown> | unknown[];
  for (const key of keys.slice(0, -1)) {
    const next: unknown = Array.isArray(at) ? at[Number(key)] : at[key];
    if (isRecord(next) || Array.isArray(next)) at = next;
    else {
      const made = {};
      if (Array.isArray(at)) at[Number(key)] = made;
      else at[key] = made;
      at = made;
    }
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(at)) at[Number(last)] = value;
  else if (value === undefined) delete at[last];
  else at[last] = value;
  return copy as T;
}

/** A field's text as the document's value: numbers as numbers, empty as absent, anything else as typed. */
export function fieldValue(field: PolicyField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (field.kind === 'number' && /^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return Number(trimmed);
  return field.kind === 'number' ? trimmed : text;
}

/** A value as a field shows it. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);
}

export interface FieldErrors {
  /** Field path → the API's messages for it (and for anything inside it). */
  byField: Map<string, string[]>;
  /** Errors no form field shows: listed at the JSON text. */
  others: { path: string; message: string }[];
}

/** Puts each of the API's errors next to its form field when there is one, else in the list at the JSON text. */
export function splitErrors(
  errors: readonly { path: string; message: string }[],
  fieldPaths: readonly string[],
): FieldErrors {
  const byField = new Map<string, string[]>();
  const others: { path: string; message: string }[] = [];
  for (const error of errors) {
    const field = fieldPaths.find((path) => error.path === path || error.path.startsWith(`${path}.`));
    if (field === undefined) others.push(error);
    else byField.set(field, [...(byField.get(field) ?? []), error.message]);
  }
  return { byField, others };
}

export type ParsedDocument = { ok: true; doc: Record<string, unknown> } | { ok: false; problem: string };

/** The JSON text of the editor as a document, or what is wrong with it (said before any call to the API). */
export function parseDocument(text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  if (!isRecord(value)) return { ok: false, problem: 'The policy must be a JSON object ({ … }).' };
  return { ok: true, doc: value };
}

/** The document as the editor shows it: without `version`, which the API assigns on save. */
export function editableText(doc: Record<string, unknown>): string {
  const { version: _version, ...body } = doc;
  return JSON.stringify(body, null, 2);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
