import { useMemo } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { ContactPressure as Report, DecisionCounts } from '../api/types';
import { useResource } from '../api/useResource';
import type { Bucket } from '../dateRange';
import { formatCount, formatDay, formatTime } from '../format';
import { TimeChart } from './TimeChart';
import { Empty, Loaded } from './Status';
import { TableScroll } from './TableScroll';

/** What went out and what was held back, and why: the question the first story of the README asks. */
export function ContactPressure({
  api,
  range,
  bucket,
}: {
  api: ApiClient;
  range: { from: string; to: string };
  bucket: Bucket;
}) {
  const [report, retry] = useResource<Report>(
    api,
    `/v1/reports/contact-pressure${query({ ...range, bucket })}`,
  );
  return (
    <section aria-labelledby="contact-pressure">
      <h2 id="contact-pressure">Contact pressure</h2>
      <Loaded resource={report} what="contact pressure" retry={retry}>
        {(data) => {
          const suppressed = Object.entries(data.suppressed).sort(([, a], [, b]) => b - a);
          const suppressedTotal = suppressed.reduce((sum, [, n]) => sum + n, 0);
          if (data.sent + data.scheduled + suppressedTotal === 0) {
            return (
              <Empty>No message was decided in this period: nothing was sent, scheduled or held back.</Empty>
            );
          }
          return (
            <>
              <p class="headline">
                <strong>{formatCount(data.sent)}</strong> sent,{' '}
                <strong>{formatCount(suppressedTotal)}</strong> held back,{' '}
                <strong>{formatCount(data.scheduled)}</strong> scheduled.{' '}
                {data.marketingPerCustomer.max === null
                  ? 'No marketing message went out.'
                  : `Marketing messages per customer: median ${formatCount(data.marketingPerCustomer.p50)}, 90th percentile ${formatCount(data.marketingPerCustomer.p90)}, most ${formatCount(data.marketingPerCustomer.max)}.`}
              </p>
              <PressureOverTime series={data.series} bucket={bucket} />
              <div class="columns">
                <TableScroll label="Held back, by reason">
                  <table>
                    <caption>Held back, by reason</caption>
                    <thead>
                      <tr>
                        <th scope="col">Reason</th>
                        <th scope="col">Messages</th>
                      </tr>
                    </thead>
                    <tbody>
                      {suppressed.length === 0 ? (
                        <tr>
                          <td colSpan={2}>Nothing held back.</td>
                        </tr>
                      ) : (
                        suppressed.map(([reason, n]) => (
                          <tr key={reason}>
                            <th scope="row">
                              <code>{reason}</code>
                            </th>
                            <td class="num">{formatCount(n)}</td>
                          </tr>
                        ))
                      )}
                    </tbody>
                  </table>
                </TableScroll>
                <CountsTable caption="By channel" first="Channel" rows={data.byChannel} />
                <CountsTable caption="By category" first="Category" rows={data.byCategory} />
              </div>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function PressureOverTime({ series, bucket }: { series: Report['series']; bucket: Bucket }) {
  const chart = useMemo(
    () => ({
      x: series.map((p) => Date.parse(p.bucket) / 1000),
      series: [
        { label: 'Sent', values: series.map((p) => p.sent), color: '#009E73', axis: 'left' as const },
        {
          label: 'Held back',
          values: series.map((p) => p.suppressed),
          color: '#D55E00',
          axis: 'left' as const,
        },
        {
          label: 'Scheduled',
          values: series.map((p) => p.scheduled),
          color: '#0072B2',
          axis: 'left' as const,
        },
      ],
    }),
    [series],
  );
  if (series.length < 2) return null;
  const label = (iso: string) => (bucket === 'day' ? formatDay(iso) : formatTime(iso));
  return (
    <>
      <TimeChart
        x={chart.x}
        series={chart.series}
        leftLabel="Messages"
        height={200}
        description={`Messages sent, held back and scheduled per ${bucket}. The table below has the same numbers.`}
      />
      <TableScroll label="Contact pressure per period, as a table" tall>
        <table>
          <caption>Decisions per {bucket}</caption>
          <thead>
            <tr>
              <th scope="col">{bucket === 'day' ? 'Day' : 'Hour'}</th>
              <th scope="col">Sent</th>
              <th scope="col">Held back</th>
              <th scope="col">Scheduled</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.bucket}>
                <th scope="row">{label(p.bucket)}</th>
                <td class="num">{formatCount(p.sent)}</td>
                <td class="num">{formatCount(p.suppressed)}</td>
                <td class="num">{formatCount(p.scheduled)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function CountsTable({
  caption,
  first,
  rows,
}: {
  caption: string;
  first: string;
  rows: Record<string, DecisionCounts>;
}) {
  const entries = Object.entries(rows);
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Sent</th>
            <th scope="col">Held back</th>
            <th scope="col">Scheduled</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, c]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td class="num">{formatCount(c.sent)}</td>
              <td class="num">{formatCount(c.suppressed)}</td>
              <td class="num">{formatCount(c.scheduled)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
