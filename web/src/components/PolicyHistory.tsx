import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { PolicyDocument } from '../api/types';
import { useResource } from '../api/useResource';
import { formatCount, formatTime } from '../format';
import { diffPolicies, pathInWords, valueInWords } from '../policyDiff';
import type { PolicyChange } from '../policyDiff';
import type { Session } from '../session';
import { Loaded } from './Status';

interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { name?: string; role?: string } | null;
  subject: { version?: number } | null;
}

/** Versions listed at first, newest first; more on request. */
const PAGE = 20;

/**
 * Every version up to the one in force, newest first (versions are numbered 1, 2, 3 … with no gaps), with when
 * and by whom each was published from the audit trail (admin keys read it). Choosing a version shows what
 * changed from the one before it.
 */
export function PolicyHistory({
  api,
  session,
  inForce,
}: {
  api: ApiClient;
  session: Session;
  inForce: PolicyDocument;
}) {
  const latest = inForce.version;
  const [selected, setSelected] = useState(latest);
  const [shown, setShown] = useState(PAGE);
  const admin = session.role === 'admin';
  const [audit, reloadAudit] = useResource<{ entries: AuditEntry[] }>(
    api,
    admin ? '/v1/audit?limit=500' : null,
  );
  const seenLatest = useRef(latest);
  useEffect(() => {
    // A version published from this page: show it, and what it changed.
    if (seenLatest.current === latest) return;
    seenLatest.current = latest;
    setSelected(latest);
    if (admin) reloadAudit();
  }, [latest]);

  const published = new Map<number, AuditEntry>();
  if (audit.status === 'ready') {
    for (const entry of audit.data.entries) {
      const version = entry.subject?.version;
      if (entry.action === 'policy.published' && typeof version === 'number' && !published.has(version)) {
        published.set(version, entry);
      }
    }
  }
  if (latest === 1) {
    return (
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <p class="empty">No version was published through the API: version 1, the default, is in force.</p>
      </section>
    );
  }
  // Versions from 2 on were published; version 1 is the default policy.
  const versions = Array.from({ length: Math.min(shown, latest - 1) }, (_, i) => latest - i);
  return (
    <>
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <p class="muted">
          Choose a version to see what it changed from the one before.
          {admin
            ? ''
            : ' Who published each version, and when, is in the audit trail, which admin keys read.'}
        </p>
        <ol class="history">
          {versions.map((version) => {
            const entry = published.get(version);
            return (
              <li key={version}>
                <button
                  type="button"
                  class={selected === version ? 'version chosen' : 'version'}
                  aria-pressed={selected === version}
                  onClick={() => setSelected(version)}
                >
                  Version {formatCount(version)}
                </button>
                {entry && `, published ${formatTime(entry.at)} by ${entry.actor?.name ?? 'an operator'}`}
              </li>
            );
          })}
        </ol>
        {shown < latest - 1 ? (
          <button type="button" class="secondary" onClick={() => setShown(shown + PAGE)}>
            Show older versions
          </button>
        ) : (
          <p class="muted">Before them, version 1: the default policy.</p>
        )}
        {admin && audit.status === 'error' && (
          <p class="muted">Who published each version could not be read from the audit trail.</p>
        )}
      </section>
      <WhatChanged api={api} version={selected} />
    </>
  );
}

/** The changes of one version from the one before it, in words. */
function WhatChanged({ api, version }: { api: ApiClient; version: number }) {
  const [after, retryAfter] = useResource<PolicyDocument>(api, `/v1/policy/versions/${version}`);
  const [before, retryBefore] = useResource<PolicyDocument>(
    api,
    version > 1 ? `/v1/policy/versions/${version - 1}` : null,
  );
  return (
    <section aria-labelledby="what-changed" class="what-changed">
      <h3 id="what-changed">What changed in version {formatCount(version)}</h3>
      {version === 1 ? (
        <p class="empty">Version 1 is the default policy: nothing came before it.</p>
      ) : (
        <Loaded resource={after} what={`version ${version}`} retry={retryAfter}>
          {(next) => (
            <Loaded resource={before} what={`version ${version - 1}`} retry={retryBefore}>
              {(previous) => <Changes changes={diffPolicies(previous, next)} from={version - 1} />}
            </Loaded>
          )}
        </Loaded>
      )}
    </section>
  );
}

function Changes({ changes, from }: { changes: PolicyChange[]; from: number }) {
  if (changes.length === 0) return <p class="empty">Nothing: it is the same document as version {from}.</p>;
  return (
    <ul class="changes">
      {changes.map((change, i) => (
        <li key={i}>
          <span class="change-path">{pathInWords(change.path)}</span>{' '}
          {change.kind === 'changed' ? (
            <>
              <del>{valueInWords(change.before)}</del> <span aria-hidden="true">→</span>
              <span class="visually-hidden"> changed to</span> <ins>{valueInWords(change.after)}</ins>
            </>
          ) : change.kind === 'added' ? (
            <>
              added <ins>{valueInWords(change.after)}</ins>
            </>
          ) : (
            <>
              removed <del>{valueInWords(change.before)}</del>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
