import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { TopicMetricsReport } from '../api/types';
import { useResource } from '../api/useResource';
import { formatCount, formatNss } from '../format';
import { Empty, Loaded } from './Status';
import { TableScroll } from './TableScroll';

/** What customers talk about and how they feel about it, against the period of equal length before. */
export function Topics({ api, range }: { api: ApiClient; range: { from: string; to: string } }) {
  const [report, retry] = useResource<TopicMetricsReport>(api, `/v1/metrics/topics${query(range)}`);
  return (
    <section aria-labelledby="topics">
      <h2 id="topics">Topics</h2>
      <Loaded resource={report} what="topics" retry={retry}>
        {(data) => {
          const mentioned = data.topics.filter((t) => t.mentions > 0 || t.previous.mentions > 0);
          if (mentioned.length === 0) {
            return (
              <Empty>
                No topic was mentioned in this period. Topics are tagged on what customers write (messages and
                survey comments) using the policy's taxonomy: delays, refunds, staff and so on.
              </Empty>
            );
          }
          return (
            <TableScroll label="Topics, as a table">
              <table>
                <caption>Topics, most negative mentions first</caption>
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col">Mentions</th>
                    <th scope="col">Negative</th>
                    <th scope="col">NSS</th>
                    <th scope="col">Previous period</th>
                  </tr>
                </thead>
                <tbody>
                  {mentioned.map((t) => (
                    <tr key={t.name}>
                      <th scope="row" title={t.definition}>
                        {t.name.replace(/_/g, ' ')}
                      </th>
                      <td class="num">{formatCount(t.mentions)}</td>
                      <td class="num">{formatCount(t.negative)}</td>
                      <td class="num">{formatNss(t.nss)}</td>
                      <td class="num">
                        {formatCount(t.previous.mentions)} mentions, NSS {formatNss(t.previous.nss)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          );
        }}
      </Loaded>
    </section>
  );
}
