import type { ApiClient } from '../api/client';
import type { PolicyDocument } from '../api/types';
import { useResource } from '../api/useResource';
import { Loaded } from '../components/Status';
import { formatCount, formatTime } from '../format';
import type { Session } from '../session';
import { TableScroll } from '../components/TableScroll';

/** The rules every message passes, as the version in force states them. */
export function Policy({ api, session }: { api: ApiClient; session: Session }) {
  const [policy, retry] = useResource<PolicyDocument>(api, '/v1/policy');
  return (
    <>
      <h1>Policy</h1>
      <Loaded resource={policy} what="the policy" retry={retry}>
        {(doc) => (
          <>
            <p class="headline">
              Version <strong>{formatCount(doc.version)}</strong> is in force: every decision names the
              version it was made under.
            </p>
            <section aria-labelledby="caps">
              <h2 id="caps">Frequency caps</h2>
              {(doc.caps ?? []).length === 0 ? (
                <p class="empty">No caps: nothing limits how often a customer is contacted.</p>
              ) : (
                <TableScroll label="Frequency caps, as a table">
                  <table>
                    <caption>At most this many messages per customer in the window</caption>
                    <thead>
                      <tr>
                        <th scope="col">Cap</th>
                        <th scope="col">Messages</th>
                        <th scope="col">Window</th>
                        <th scope="col">Channels</th>
                        <th scope="col">Categories</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(doc.caps ?? []).map((cap) => (
                        <tr key={cap.name}>
                          <th scope="row">
                            <code>{cap.name}</code>
                          </th>
                          <td class="num">{formatCount(cap.limit)}</td>
                          <td>{cap.window}</td>
                          <td>{cap.channels?.join(', ') ?? 'all'}</td>
                          <td>{cap.categories?.join(', ') ?? 'all'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
            <History api={api} session={session} />
            <section aria-labelledby="document">
              <h2 id="document">The whole document</h2>
              <pre class="scroll" tabIndex={0} aria-label="Policy document as JSON">
                {JSON.stringify(doc, null, 2)}
              </pre>
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}

interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { name?: string; role?: string } | null;
  subject: { version?: number } | null;
}

/** Who published which version when, from the audit trail (admin keys only: the trail is theirs to read). */
function History({ api, session }: { api: ApiClient; session: Session }) {
  const [audit, retry] = useResource<{ entries: AuditEntry[] }>(
    api,
    session.role === 'admin' ? '/v1/audit?limit=200' : null,
  );
  return (
    <section aria-labelledby="history">
      <h2 id="history">History</h2>
      {session.role !== 'admin' ? (
        <p class="empty">The history comes from the audit trail, which admin keys read.</p>
      ) : (
        <Loaded resource={audit} what="the policy's history" retry={retry}>
          {({ entries }) => {
            const published = entries.filter((e) => e.action === 'policy.published');
            if (published.length === 0) {
              return (
                <p class="empty">
                  No version was published through the API: version 1, the default, is in force.
                </p>
              );
            }
            return (
              <ol class="history">
                {published.map((e) => (
                  <li key={e.id}>
                    Version {formatCount(e.subject?.version)}, published {formatTime(e.at)} by{' '}
                    {e.actor?.name ?? 'an operator'}
                  </li>
                ))}
              </ol>
            );
          }}
        </Loaded>
      )}
    </section>
  );
}
