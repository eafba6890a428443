import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/problem';
import type { PolicyDocument } from '../api/types';
import {
  editableText,
  fieldText,
  fieldValue,
  parseDocument,
  policyFields,
  splitErrors,
  valueAt,
  withValueAt,
} from '../policyFields';
import type { PolicyField } from '../policyFields';

type FieldError = { path: string; message: string };

/** What the last Validate or Save came to, said in the status line (or the alert for a failure). */
type Outcome =
  | { kind: 'none' }
  | { kind: 'busy'; what: string }
  | { kind: 'valid' }
  | { kind: 'saved'; version: number }
  | { kind: 'invalid'; count: number }
  | { kind: 'syntax' }
  | { kind: 'failed'; message: string };

const JSON_ID = 'policy-json';
const idOf = (path: string) => `policy-field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The admin's editor: form fields for the settings changed most and the whole document as JSON, kept in step.
 * "Validate" asks the API's dry run (`POST /v1/policy/validate`); "Save" validates, then publishes with
 * `PUT /v1/policy`. The API's field errors go next to their field, the rest in a list at the JSON text; a JSON
 * syntax error is shown before anything is sent.
 */
export function PolicyEditor({
  api,
  inForce,
  onSaved,
}: {
  api: ApiClient;
  inForce: PolicyDocument;
  onSaved: (published: PolicyDocument) => void;
}) {
  const [text, setText] = useState(() => editableText(inForce));
  /** The last text that parsed: the form fields show it, and are disabled while the JSON is broken. */
  const [draft, setDraft] = useState<Record<string, unknown>>(() => parseDraft(editableText(inForce)));
  /** What was typed in each form field since the JSON was last edited (so "1." stays "1." while typing). */
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [syntax, setSyntax] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const textarea = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const groups = useMemo(() => policyFields(draft), [draft]);
  const fieldPaths = useMemo(() => groups.flatMap((g) => g.fields.map((f) => f.path)), [groups]);
  const { byField, others } = useMemo(() => splitErrors(errors, fieldPaths), [errors, fieldPaths]);
  const busy = outcome.kind === 'busy';

  // Refused by the API: the keyboard goes to the first field it named, where its message is read out.
  useEffect(() => {
    if (outcome.kind === 'invalid')
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [outcome]);

  function editField(field: PolicyField, value: string) {
    const next = withValueAt(draft, field.path, fieldValue(field, value));
    setTyped({ ...typed, [field.path]: value });
    setDraft(next);
    setText(JSON.stringify(next, null, 2));
    setErrors(errors.filter((e) => e.path !== field.path && !e.path.startsWith(`${field.path}.`)));
    setOutcome({ kind: 'none' });
  }

  function editJson(value: string) {
    setText(value);
    setTyped({});
    const parsed = parseDocument(value);
    if (parsed.ok) {
      setDraft(parsed.doc);
      setSyntax(null);
    }
    setOutcome({ kind: 'none' });
  }

  /** The document to send, or undefined after showing its syntax error. */
  function documentToSend(): Record<string, unknown> | undefined {
    const parsed = parseDocument(text);
    if (!parsed.ok) {
      setSyntax(parsed.problem);
      setErrors([]);
      setOutcome({ kind: 'syntax' });
      textarea.current?.focus();
      return undefined;
    }
    setSyntax(null);
    return parsed.doc;
  }

  /** The API's verdict: true when valid; otherwise its errors are shown. */
  async function validate(doc: Record<string, unknown>): Promise<boolean> {
    try {
      await api.post('/v1/policy/validate', doc);
      setErrors([]);
      return true;
    } catch (error) {
      showFailure(error);
      return false;
    }
  }

  function showFailure(error: unknown) {
    if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length > 0) {
      setErrors([...error.fieldErrors]);
      setOutcome({ kind: 'invalid', count: error.fieldErrors.length });
      return;
    }
    setErrors([]);
    const message =
      error instanceof ApiError
        ? `${error.title}${error.detail ? `: ${error.detail}` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
    setOutcome({ kind: 'failed', message });
  }

  async function onValidate() {
    if (busy) return;
    const doc = documentToSend();
    if (!doc) return;
    setOutcome({ kind: 'busy', what: 'Validating…' });
    if (await validate(doc)) setOutcome({ kind: 'valid' });
  }

  async function onSave() {
    if (busy) return;
    const doc = documentToSend();
    if (!doc) return;
    setOutcome({ kind: 'busy', what: 'Validating, then saving…' });
    if (!(await validate(doc))) return;
    try {
      const published = await api.put<PolicyDocument>('/v1/policy', doc);
      const shown = editableText(published);
      setText(shown);
      setDraft(parseDraft(shown));
      setTyped({});
      setOutcome({ kind: 'saved', version: published.version });
      onSaved(published);
    } catch (error) {
      showFailure(error);
    }
  }

  function onReset() {
    if (busy) return;
    const shown = editableText(inForce);
    setText(shown);
    setDraft(parseDraft(shown));
    setTyped({});
    setErrors([]);
    setSyntax(null);
    setOutcome({ kind: 'none' });
  }

  const jsonDescribedBy = [
    'policy-json-hint',
    syntax ? 'policy-json-syntax' : undefined,
    others.length > 0 ? 'policy-json-errors' : undefined,
  ].filter(Boolean);

  return (
    <section aria-labelledby="edit-policy">
      <h2 id="edit-policy">Edit policy</h2>
      <p class="muted">
        Change a setting below or anywhere in the JSON, then Validate to ask the API, or Save to publish it as
        the next version. Nothing is stored until Save succeeds.
      </p>
      <form
        ref={form}
        class="policy-editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
      >
        <fieldset disabled={syntax !== null} class="policy-fields">
          <legend class="visually-hidden">Settings</legend>
          {syntax !== null && <p class="muted">Fix the JSON below to use these fields again.</p>}
          {groups.map((group) => (
            <fieldset key={group.legend} class="policy-group">
              <legend>{group.legend}</legend>
              {group.fields.map((field) => {
                const id = idOf(field.path);
                const messages = byField.get(field.path) ?? [];
                const describedBy = [
                  field.hint ? `${id}-hint` : undefined,
                  messages.length ? `${id}-error` : undefined,
                ]
                  .filter(Boolean)
                  .join(' ');
                return (
                  <div class="field" key={field.path}>
                    <label for={id}>{field.label}</label>
                    <input
                      id={id}
                      name={field.path}
                      value={typed[field.path] ?? fieldText(valueAt(draft, field.path))}
                      inputMode={field.kind === 'number' ? 'decimal' : undefined}
                      autoComplete="off"
                      spellcheck={false}
                      aria-invalid={messages.length > 0 ? true : undefined}
                      aria-describedby={describedBy || undefined}
                      onInput={(e) => editField(field, e.currentTarget.value)}
                    />
                    {field.hint && (
                      <span id={`${id}-hint`} class="hint">
                        {field.hint}
                      </span>
                    )}
                    {messages.length > 0 && (
                      <span id={`${id}-error`} class="error field-error">
                        {messages.map((m) => `${field.label} ${m}`).join('; ')}
                      </span>
                    )}
                  </div>
                );
              })}
            </fieldset>
          ))}
        </fieldset>

        <div class="field wide">
          <label for={JSON_ID}>Policy document (JSON)</label>
          <span id="policy-json-hint" class="hint">
            The whole document; its version is assigned when it is saved.
          </span>
          <textarea
            id={JSON_ID}
            ref={textarea}
            value={text}
            rows={16}
            spellcheck={false}
            autoComplete="off"
            aria-invalid={syntax !== null || others.length > 0 ? true : undefined}
            aria-describedby={jsonDescribedBy.join(' ')}
            onInput={(e) => editJson(e.currentTarget.value)}
          />
          {syntax !== null && (
            <p id="policy-json-syntax" class="error">
              {syntax}
            </p>
          )}
          {others.length > 0 && (
            <div id="policy-json-errors" class="error">
              <p>Problems in the document:</p>
              <ul>
                {others.map((e, i) => (
                  <li key={`${e.path}-${i}`}>
                    <code>{e.path}</code>: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>

        <div class="controls">
          <button type="button" onClick={() => void onValidate()}>
            Validate
          </button>
          <button type="submit">Save</button>
          <button type="button" class="secondary" onClick={onReset}>
            Start again from the version in force
          </button>
        </div>
        <Outcome outcome={outcome} />
      </form>
    </section>
  );
}

function Outcome({ outcome }: { outcome: Outcome }) {
  const failure =
    outcome.kind === 'invalid'
      ? `The API found ${outcome.count === 1 ? 'a problem' : `${outcome.count} problems`}, shown next to ${
          outcome.count === 1 ? 'its field' : 'their fields'
        }; nothing was saved.`
      : outcome.kind === 'syntax'
        ? 'The JSON is not valid, so nothing was sent: see the message under the document.'
        : outcome.kind === 'failed'
          ? `Nothing was saved. ${outcome.message}`
          : null;
  const status =
    outcome.kind === 'busy'
      ? outcome.what
      : outcome.kind === 'valid'
        ? 'Valid: the API accepts this document. Nothing is stored until you Save.'
        : outcome.kind === 'saved'
          ? `Saved: version ${outcome.version} is in force.`
          : '';
  return (
    <>
      <p role="status" class={outcome.kind === 'saved' || outcome.kind === 'valid' ? 'good' : 'muted'}>
        {status}
      </p>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </>
  );
}

function parseDraft(text: string): Record<string, unknown> {
  const parsed = parseDocument(text);
  return parsed.ok ? parsed.doc : {};
}
