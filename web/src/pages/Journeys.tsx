import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { Funnel, FunnelArm, PolicyDocument, Uplift } from '../api/types';
import { useResource } from '../api/useResource';
import { PeriodControls, usePeriod } from '../components/Period';
import { Empty, Loaded } from '../components/Status';
import { UpliftInterval } from '../components/UpliftInterval';
import { formatCount, formatPercent } from '../format';
import type { Session } from '../session';
import { TableScroll } from '../components/TableScroll';

/** Which journeys work: each one's funnel by holdout arm, and its uplift against the control arm. */
export function Journeys({ api, session }: { api: ApiClient; session: Session }) {
  const period = usePeriod(30);
  const [policy, retry] = useResource<PolicyDocument>(api, '/v1/policy');
  return (
    <>
      <h1>Journeys</h1>
      <PeriodControls period={period} withBucket={false} />
      <p class="muted">Runs that entered each journey in the period, and what became of them.</p>
      <Loaded resource={policy} what="the journeys" retry={retry}>
        {(doc) => {
          const names = [...new Set([...session.journeys, ...Object.keys(doc.journeys ?? {})])];
          return names.map((name) => <Journey key={name} api={api} name={name} range={period.range} />);
        }}
      </Loaded>
    </>
  );
}

function Journey({
  api,
  name,
  range,
}: {
  api: ApiClient;
  name: string;
  range: { from: string; to: string };
}) {
  const id = `journey-${name}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{name}</h2>
      <FunnelSection api={api} name={name} range={range} />
      <UpliftSection api={api} name={name} range={range} />
    </section>
  );
}

function FunnelSection({
  api,
  name,
  range,
}: {
  api: ApiClient;
  name: string;
  range: { from: string; to: string };
}) {
  const [funnel, retry] = useResource<Funnel>(
    api,
    `/v1/reports/journeys/${encodeURIComponent(name)}/funnel${query(range)}`,
  );
  return (
    <>
      <h3>Funnel</h3>
      <Loaded resource={funnel} what={`the funnel of ${name}`} retry={retry}>
        {({ arms }) =>
          arms.treatment.entered + arms.control.entered === 0 ? (
            <Empty>No run entered {name} in this period.</Empty>
          ) : (
            <div class="columns">
              <ArmTable journey={name} arm="treatment" data={arms.treatment} />
              {arms.control.entered > 0 && <ArmTable journey={name} arm="control" data={arms.control} />}
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function ArmTable({ journey, arm, data }: { journey: string; arm: string; data: FunnelArm }) {
  const exits = Object.entries(data.exits);
  return (
    <TableScroll label={`${journey}, ${arm} arm`}>
      <table>
        <caption>
          {journey}, {arm} arm: {formatCount(data.entered)} entered, {formatCount(data.converted)} converted
          {exits.length > 0
            ? `; exits: ${exits.map(([reason, n]) => `${reason} ${formatCount(n)}`).join(', ')}`
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Reached</th>
            <th scope="col">Sent</th>
            <th scope="col">Held back</th>
            <th scope="col">Delivered</th>
            <th scope="col">Opened</th>
            <th scope="col">Clicked</th>
          </tr>
        </thead>
        <tbody>
          {data.steps.length === 0 && (
            <tr>
              <td colSpan={7}>No step recorded yet: the runs are waiting for their first one.</td>
            </tr>
          )}
          {data.steps.map((s) => (
            <tr key={s.step}>
              <th scope="row">{s.step.replace(/_/g, ' ')}</th>
              <td class="num">{formatCount(s.reached)}</td>
              <td class="num">{formatCount(s.sent)}</td>
              <td class="num">{formatCount(s.suppressed)}</td>
              <td class="num">{formatCount(s.delivered)}</td>
              <td class="num">{formatCount(s.opened)}</td>
              <td class="num">{formatCount(s.clicked)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function UpliftSection({
  api,
  name,
  range,
}: {
  api: ApiClient;
  name: string;
  range: { from: string; to: string };
}) {
  const [uplift, retry] = useResource<Uplift>(
    api,
    `/v1/reports/uplift${query({ scope: `journey:${name}`, ...range })}`,
  );
  return (
    <>
      <h3>Uplift</h3>
      <Loaded resource={uplift} what={`the uplift of ${name}`} retry={retry}>
        {(u) => {
          if (u.control.customers === 0) {
            return (
              <Empty>
                No control arm in this period: uplift needs runs held out. Set{' '}
                <code>holdout.journeys.{name}</code> in the policy to a percentage to measure it.
              </Empty>
            );
          }
          const { value, ci95 } = u.absoluteLift;
          return (
            <>
              <p>
                Goal <code>{u.goal}</code>: treatment {formatPercent(u.treatment.rate)} of{' '}
                {formatCount(u.treatment.customers)}, control {formatPercent(u.control.rate)} of{' '}
                {formatCount(u.control.customers)}.{' '}
                {value !== null && (
                  <>
                    Lift {formatPercent(value)}
                    {ci95
                      ? ` (95% interval ${formatPercent(ci95[0])} to ${formatPercent(ci95[1])})`
                      : ''}, {u.significant ? 'significant' : 'not significant'}
                    {u.incrementalConversions !== null
                      ? `; about ${formatCount(Math.round(u.incrementalConversions))} conversions it added`
                      : ''}
                    .
                  </>
                )}
              </p>
              {value !== null && ci95 && <UpliftInterval value={value} ci95={ci95} />}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
