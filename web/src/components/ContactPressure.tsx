import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { ContactPressure as Report, DecisionCounts } from '../api/types';
import { useResource } from '../api/useResource';
import type { Bucket } from '../dateRange';
import { formatCount } from '../format';
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
                <strong>{formatCount(data.scheduled)}</strong> scheduled. Marketing messages per customer:
                median {formatCount(data.marketingPerCustomer.p50)}, 90th percentile{' '}
                {formatCount(data.marketingPerCustomer.p90)}, most{' '}
                {formatCount(data.marketingPerCustomer.max)}.
              </p>
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
