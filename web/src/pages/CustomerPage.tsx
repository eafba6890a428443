import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Customer, LedgerEntry, ServiceCase, TimelineEntry } from '../api/types';
import { useResource } from '../api/useResource';
import { ApiError } from '../api/problem';
import { Empty, Loaded } from '../components/Status';
import { TimeChart } from '../components/TimeChart';
import { Timeline } from '../components/Timeline';
import { describeValue } from '../describeValue';
import { formatCount, formatScore, formatTime } from '../format';
import type { Session } from '../session';
import { CustomerSearch } from './Customers';
import { TableScroll } from '../components/TableScroll';

function workflowLink(session: Session, workflowId: string): string | null {
  if (!session.temporalUiUrl) return null;
  return `${session.temporalUiUrl}/namespaces/${encodeURIComponent(session.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** One customer: how they feel, their story, every message decided, their journeys and cases. */
export function CustomerPage({
  api,
  session,
  customerId,
}: {
  api: ApiClient;
  session: Session;
  customerId: string;
}) {
  const base = `/v1/customers/${encodeURIComponent(customerId)}`;
  const [customer, reloadCustomer] = useResource<Customer>(api, base);
  const [timeline, reloadTimeline] = useResource<{ entries: TimelineEntry[] }>(
    api,
    `${base}/timeline?limit=200`,
  );
  const [ledger, reloadLedger] = useResource<{ contacts: LedgerEntry[] }>(api, `${base}/ledger?limit=100`);
  const reloadAll = () => {
    reloadCustomer();
    reloadTimeline();
    reloadLedger();
  };
  const temporal = workflowLink(session, `${session.customerWorkflowIdPrefix}${customerId}`);

  return (
    <>
      <CustomerSearch />
      <h1>Customer {customerId}</h1>
      {temporal ? (
        <p>
          <a href={temporal} target="_blank" rel="noopener noreferrer">
            Open this customer's workflow in the Temporal UI
          </a>
        </p>
      ) : (
        <p class="muted">
          Set TUTTI_TEMPORAL_UI_URL on the API to link this customer's workflow in the Temporal UI.
        </p>
      )}
      <Loaded resource={customer} what="the customer" retry={reloadCustomer}>
        {(c) => (
          <>
            <SentimentSection
              customer={c}
              timeline={timeline.status === 'ready' ? timeline.data.entries : null}
            />
            <section aria-labelledby="timeline">
              <h2 id="timeline">Timeline</h2>
              <Loaded resource={timeline} what="the timeline" retry={reloadTimeline}>
                {({ entries }) =>
                  entries.length === 0 ? (
                    <Empty>Nothing has happened yet.</Empty>
                  ) : (
                    <Timeline entries={entries} />
                  )
                }
              </Loaded>
            </section>
            <section aria-labelledby="ledger">
              <h2 id="ledger">Ledger</h2>
              <Loaded resource={ledger} what="the ledger" retry={reloadLedger}>
                {({ contacts }) => <Ledger contacts={contacts} />}
              </Loaded>
            </section>
            <JourneysSection customer={c} session={session} />
            <CasesSection customer={c} api={api} session={session} onResolved={reloadAll} />
            <ConsentAndTraits customer={c} />
          </>
        )}
      </Loaded>
    </>
  );
}

function SentimentSection({ customer, timeline }: { customer: Customer; timeline: TimelineEntry[] | null }) {
  const samples = useMemo(
    () =>
      (timeline ?? []).flatMap((e) =>
        e.kind === 'event' && e.sentiment ? [{ at: e.at, score: e.sentiment.score, channel: e.channel }] : [],
      ),
    [timeline],
  );
  const chart = useMemo(
    () => ({
      x: samples.map((s) => Date.parse(s.at) / 1000),
      series: [
        {
          label: 'Score of each message',
          values: samples.map((s) => s.score),
          color: '#0072B2',
          axis: 'left' as const,
        },
      ],
    }),
    [samples],
  );
  const { sentiment } = customer;
  return (
    <section aria-labelledby="sentiment">
      <h2 id="sentiment">Sentiment</h2>
      <p class="headline">
        <span class={`label ${sentiment.label}`}>{sentiment.label}</span>, score{' '}
        {formatScore(sentiment.score)} (−1 to +1), {sentiment.trend}
        {sentiment.lastAt ? `; last spoke ${formatTime(sentiment.lastAt)}` : ''}.
      </p>
      {samples.length > 1 && (
        <TimeChart
          x={chart.x}
          series={chart.series}
          leftLabel="Score"
          leftRange={[-1, 1]}
          height={180}
          description={`Sentiment score of each of the customer's last ${samples.length} scored messages; the timeline lists them.`}
        />
      )}
    </section>
  );
}

function Ledger({ contacts }: { contacts: LedgerEntry[] }) {
  if (contacts.length === 0) return <Empty>No message has been asked for this customer.</Empty>;
  return (
    <TableScroll label="Ledger, as a table" tall>
      <table>
        <caption>Every message's latest decision, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Decided</th>
            <th scope="col">Decision</th>
            <th scope="col">Reason</th>
            <th scope="col">Channel</th>
            <th scope="col">Category</th>
            <th scope="col">Campaign</th>
            <th scope="col">Sent or due</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.messageId}>
              <td>{formatTime(c.decidedAt)}</td>
              <td>{c.decision}</td>
              <td>
                <code>{c.reason}</code>
              </td>
              <td>{c.channel}</td>
              <td>{c.category}</td>
              <td>{c.campaign ?? '—'}</td>
              <td>
                {c.sentAt
                  ? `sent ${formatTime(c.sentAt)}`
                  : c.scheduledFor
                    ? `decided again ${formatTime(c.scheduledFor)}`
                    : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function JourneysSection({ customer, session }: { customer: Customer; session: Session }) {
  return (
    <section aria-labelledby="journeys">
      <h2 id="journeys">Journeys</h2>
      {customer.journeys.length === 0 ? (
        <Empty>No journey is running for this customer.</Empty>
      ) : (
        <ul>
          {customer.journeys.map((j) => {
            const link = workflowLink(session, j.journeyId);
            return (
              <li key={j.journeyId}>
                <strong>{j.name}</strong> (run {formatCount(j.run)}), started {formatTime(j.startedAt)} by
                event <code>{j.triggeredBy}</code>
                {j.arm ? `, ${j.arm} arm` : ''}
                {link && (
                  <>
                    {' '}
                    <a href={link} target="_blank" rel="noopener noreferrer">
                      {j.name} run {j.run} in the Temporal UI
                    </a>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CasesSection({
  customer,
  api,
  session,
  onResolved,
}: {
  customer: Customer;
  api: ApiClient;
  session: Session;
  onResolved: () => void;
}) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const mayResolve = session.role === 'admin' || session.role === 'member';
  // The resolution is an event: the case closes moments later, when the customer's workflow has applied it.
  useEffect(() => {
    if (!pending) return undefined;
    if (!customer.openCases.some((k) => k.caseId === pending)) {
      setPending(null);
      setMessage({ text: `Case ${pending} is resolved.`, error: false });
      return undefined;
    }
    const timer = setTimeout(onResolved, 700);
    return () => clearTimeout(timer);
  }, [pending, customer]);

  const resolve = async (serviceCase: ServiceCase) => {
    setMessage({ text: `Resolving case ${serviceCase.caseId}…`, error: false });
    try {
      await api.post(
        `/v1/customers/${encodeURIComponent(customer.customerId)}/cases/${encodeURIComponent(serviceCase.caseId)}/resolve`,
        {},
      );
      setPending(serviceCase.caseId);
      onResolved();
    } catch (error) {
      const text = error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error);
      setMessage({ text: `Could not resolve case ${serviceCase.caseId}. ${text}`, error: true });
    }
  };

  return (
    <section aria-labelledby="cases">
      <h2 id="cases">Cases</h2>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      )}
      {customer.openCases.length === 0 ? (
        <Empty>No open case.</Empty>
      ) : (
        <ul class="cases">
          {customer.openCases.map((k) => (
            <li key={k.caseId}>
              <strong>{k.caseId}</strong>:{' '}
              {k.reason === 'disruption'
                ? `disruption (${k.disruptionKind ?? 'unspecified'})`
                : 'unhappy message'}{' '}
              on {k.channel}, opened {formatTime(k.openedAt)}, {formatCount(k.eventCount)} event
              {k.eventCount === 1 ? '' : 's'}
              {k.topics && k.topics.length > 0 ? `; about ${k.topics.join(', ').replace(/_/g, ' ')}` : ''}
              {mayResolve && (
                <button
                  type="button"
                  disabled={pending === k.caseId}
                  aria-label={`Resolve case ${k.caseId}`}
                  onClick={() => void resolve(k)}
                >
                  Resolve
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConsentAndTraits({ customer }: { customer: Customer }) {
  const consent = Object.entries(customer.consent);
  const traits = Object.entries(customer.traits ?? {});
  return (
    <section aria-labelledby="consent-traits">
      <h2 id="consent-traits">Consent and traits</h2>
      <div class="columns">
        <div>
          <h3>Consent</h3>
          {consent.length === 0 ? (
            <Empty>No consent recorded: the policy's defaults apply.</Empty>
          ) : (
            <dl>
              {consent.map(([channel, status]) => (
                <div key={channel}>
                  <dt>{channel}</dt>
                  <dd>{status.replace(/_/g, ' ')}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div>
          <h3>Traits</h3>
          {traits.length === 0 ? (
            <Empty>No traits: an identify event sets them.</Empty>
          ) : (
            <dl>
              {traits.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{describeValue(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </div>
    </section>
  );
}
