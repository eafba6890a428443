import type { ApiClient } from '../api/client';
import { PolicyEditor } from '../components/PolicyEditor';
import { PolicyHistory } from '../components/PolicyHistory';
import type { PolicyDocument } from '../api/types';
import { useResource } from '../api/useResource';
import { Loaded } from '../components/Status';
import { formatCount } from '../format';
import type { Session } from '../session';
import { TableScroll } from '../components/TableScroll';

/**
 * The rules every message passes, as the version in force states them; its history with what each version
 * changed; and for admin keys an editor that publishes the next version.
 */
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
            <PolicyHistory api={api} session={session} inForce={doc} />
            {session.role === 'admin' && <PolicyEditor api={api} inForce={doc} onSaved={retry} />}
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
