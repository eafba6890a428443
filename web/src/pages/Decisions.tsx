import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { DecisionPage, FeedDecision, PolicyDocument } from '../api/types';
import { useResource } from '../api/useResource';
import { ErrorMessage, Loading } from '../components/Status';
import { TableScroll } from '../components/TableScroll';
import { formatTime, viewerZone } from '../format';
import { arrivalAnnouncement, withArrivals, withOlder } from '../live/decisionList';
import { followDecisions } from '../live/followDecisions';
import type { LiveState } from '../live/followDecisions';
import { CONTACT_CHANNELS, describeReason, REASON_FILTERS } from '../reasons';
import { customerPath } from '../routes';
import type { Session } from '../session';

const PAGE = 50;
const MAX_CAMPAIGN = 128;

interface Filters {
  reason: string;
  channel: string;
  campaign: string;
}

/**
 * The newest decisions across the workspace's customers, with their reasons, filterable, and live: what an ops
 * lead watches during a storm. The page reads `GET /v1/decisions`, then follows `GET /v1/decisions/stream` from
 * the page's `head` (so nothing between the two is missed), reconnecting by itself.
 */
export function Decisions({ api, session }: { api: ApiClient; session: Session }) {
  const [filters, setFilters] = useState<Filters>({ reason: '', channel: '', campaign: '' });
  const [campaignText, setCampaignText] = useState('');
  // Each cap of the policy in force is a reason of its own (`frequency_cap:<name>`), offered after the family.
  const [policy] = useResource<PolicyDocument>(api, '/v1/policy');
  const capReasons =
    policy.status === 'ready' ? (policy.data.caps ?? []).map((c) => `frequency_cap:${c.name}`) : [];
  const reasons = REASON_FILTERS.flatMap((code) =>
    code === 'frequency_cap' ? [code, ...capReasons] : [code],
  );
  // The campaign applies once typing pauses: a request per keystroke would only be thrown away.
  useEffect(() => {
    const wanted = campaignText.trim().slice(0, MAX_CAMPAIGN);
    if (wanted === filters.campaign) return undefined;
    const timer = setTimeout(() => setFilters((f) => ({ ...f, campaign: wanted })), 400);
    return () => clearTimeout(timer);
  }, [campaignText, filters.campaign]);
  const filterQuery = query({
    reason: filters.reason || undefined,
    channel: filters.channel || undefined,
    campaign: filters.campaign || undefined,
  });

  return (
    <>
      <h1>Decisions</h1>
      <p class="muted">
        Every send, schedule and hold-back decision across your customers as it is made, newest first, with
        its reason. Times in {viewerZone}.
      </p>
      <form
        class="controls decision-filters"
        aria-label="Filter decisions"
        onSubmit={(e) => e.preventDefault()}
      >
        <span class="field">
          <label for="decisions-reason">Reason</label>
          <select
            id="decisions-reason"
            value={filters.reason}
            onChange={(e) => setFilters({ ...filters, reason: e.currentTarget.value })}
          >
            <option value="">Any reason</option>
            {reasons.map((code) => (
              <option key={code} value={code}>
                {code} — {describeReason(code)}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="decisions-channel">Channel</label>
          <select
            id="decisions-channel"
            value={filters.channel}
            onChange={(e) => setFilters({ ...filters, channel: e.currentTarget.value })}
          >
            <option value="">Any channel</option>
            {CONTACT_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </span>
        <label>
          Campaign
          <input
            type="search"
            value={campaignText}
            maxLength={MAX_CAMPAIGN}
            autoComplete="off"
            spellcheck={false}
            onInput={(e) => setCampaignText(e.currentTarget.value)}
          />
        </label>
      </form>
      {/* A new filter is a new feed: nothing of the previous one's list or stream carries over. */}
      <Feed key={filterQuery} api={api} session={session} filterQuery={filterQuery} />
    </>
  );
}

type Load = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready' };

function Feed({ api, session, filterQuery }: { api: ApiClient; session: Session; filterQuery: string }) {
  const [round, setRound] = useState(0);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [shown, setShown] = useState<FeedDecision[]>([]);
  const [older, setOlder] = useState<{ nextBefore: string | null; truncated: boolean }>({
    nextBefore: null,
    truncated: false,
  });
  const [live, setLive] = useState<{ state: LiveState; detail?: string }>({ state: 'connecting' });
  const [announcement, setAnnouncement] = useState('');
  const announce = useThrottledAnnouncement(setAnnouncement);
  const [loadingOlder, setLoadingOlder] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    const separator = filterQuery ? '&' : '?';
    api.get<DecisionPage>(`/v1/decisions${filterQuery}${separator}limit=${PAGE}`, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setShown(page.decisions);
        setOlder({ nextBefore: page.nextBefore, truncated: page.truncated });
        setLoad({ status: 'ready' });
        void followDecisions({
          url: `/v1/decisions/stream${filterQuery}`,
          key: session.key,
          lastEventId: String(page.head),
          signal: controller.signal,
          onDecisions: (arrivals) =>
            setShown((current) => {
              const next = withArrivals(current, arrivals);
              if (next.added.length > 0) announce(next.added);
              return next.shown;
            }),
          onState: (state, detail) => {
            if (!controller.signal.aborted) setLive({ state, detail });
          },
          onGap: () => setRound((r) => r + 1),
          // The API client signs the page out on a 401: let it see one.
          onUnauthorized: () => void api.get('/v1/decisions?limit=1').catch(() => undefined),
        });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setLoad({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        }
      },
    );
    return () => controller.abort();
  }, [api, session.key, filterQuery, round]);

  const loadOlder = async () => {
    if (!older.nextBefore) return;
    setLoadingOlder(true);
    try {
      const separator = filterQuery ? '&' : '?';
      const page = await api.get<DecisionPage>(
        `/v1/decisions${filterQuery}${separator}limit=${PAGE}&before=${encodeURIComponent(older.nextBefore)}`,
      );
      setShown((current) => withOlder(current, page.decisions));
      setOlder({ nextBefore: page.nextBefore, truncated: page.truncated });
    } catch (error) {
      setLoad({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      setLoadingOlder(false);
    }
  };

  if (load.status === 'loading') return <Loading what="the newest decisions" />;
  if (load.status === 'error') {
    return <ErrorMessage error={load.error} what="the decisions" retry={() => setRound((r) => r + 1)} />;
  }
  return (
    <>
      <p class={`live ${live.state}`} data-testid="live-state">
        <span class="live-dot" aria-hidden="true" />
        {liveText(live.state, live.detail)}
      </p>
      <p role="status" aria-live="polite" class="visually-hidden">
        {announcement}
      </p>
      {shown.length === 0 ? (
        <p class="empty">
          {filterQuery
            ? 'No decision matches these filters yet. New ones appear here as they are made.'
            : 'No decision yet. They appear here as soon as customers’ workflows make them.'}
        </p>
      ) : (
        <DecisionTable decisions={shown} />
      )}
      {older.nextBefore && (
        <p>
          {older.truncated && (
            <span class="muted">The look back stopped before it found {PAGE} older decisions. </span>
          )}
          <button type="button" disabled={loadingOlder} onClick={() => void loadOlder()}>
            {loadingOlder ? 'Loading older decisions…' : 'Older decisions'}
          </button>
        </p>
      )}
    </>
  );
}

/**
 * Says arrivals at most every ANNOUNCE_EVERY_MS: in a storm a screen reader would otherwise queue one sentence per
 * batch for minutes. Arrivals in between are gathered and said together.
 */
const ANNOUNCE_EVERY_MS = 5_000;

function useThrottledAnnouncement(say: (text: string) => void): (added: FeedDecision[]) => void {
  const state = useRef<{ last: number; pending: FeedDecision[]; timer?: ReturnType<typeof setTimeout> }>({
    last: 0,
    pending: [],
  });
  useEffect(() => () => clearTimeout(state.current.timer), []);
  return (added) => {
    const s = state.current;
    s.pending.push(...added);
    if (s.timer) return;
    const flush = () => {
      s.timer = undefined;
      s.last = Date.now();
      say(arrivalAnnouncement(s.pending, describeReason));
      s.pending = [];
    };
    const wait = s.last + ANNOUNCE_EVERY_MS - Date.now();
    if (wait <= 0) flush();
    else s.timer = setTimeout(flush, wait);
  };
}

function liveText(state: LiveState, detail?: string): string {
  switch (state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'stopped':
      return detail ? `Not updating: ${detail}` : 'Not updating';
  }
}

function DecisionTable({ decisions }: { decisions: FeedDecision[] }) {
  return (
    <TableScroll label="Decisions, as a table" tall>
      <table>
        <caption>The newest decisions first</caption>
        <thead>
          <tr>
            <th scope="col">Decided</th>
            <th scope="col">Customer</th>
            <th scope="col">Decision</th>
            <th scope="col">Reason</th>
            <th scope="col">Channel</th>
            <th scope="col">Category</th>
            <th scope="col">Campaign or journey</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td>
                <time dateTime={d.decidedAt}>{formatTime(d.decidedAt)}</time>
              </td>
              <td>
                <a href={customerPath(d.customerId)}>{d.customerId}</a>
              </td>
              <td>
                {d.decision}
                {d.scheduledFor ? `, for ${formatTime(d.scheduledFor)}` : ''}
              </td>
              <td>
                <code>{d.reason}</code>
                <br />
                <span class="muted">{describeReason(d.reason)}</span>
              </td>
              <td>{d.channel}</td>
              <td>{d.category}</td>
              <td>
                {[d.campaign, d.journey ? `journey ${d.journey}` : undefined].filter(Boolean).join(', ') ||
                  '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
