import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { query } from '../api/client';
import type { SentimentMetrics } from '../api/types';
import { EVENT_CHANNELS, channelColor } from '../channels';
import type { Bucket } from '../dateRange';
import { formatCount, formatDay, formatNss, formatTime } from '../format';
import type { ChartSeries } from './TimeChart';
import { TimeChart } from './TimeChart';
import { Empty, ErrorMessage, Loading } from './Status';
import { TableScroll } from './TableScroll';

interface ByChannel {
  all: SentimentMetrics;
  channels: { channel: string; metrics: SentimentMetrics }[];
}

type State = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; data: ByChannel };

/**
 * The workspace's net sentiment (% positive − % negative) per bucket, overall and for each channel that had
 * scored messages, with the volume of scored messages as bars: one call (`groupBy=channel`), answered from
 * counters kept at write time whatever the number of customers.
 */
function useSentimentByChannel(api: ApiClient, range: { from: string; to: string }, bucket: Bucket): State {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api
      .get<SentimentMetrics>(
        `/v1/metrics/sentiment${query({ ...range, bucket, groupBy: 'channel' })}`,
        controller.signal,
      )
      .then((all) => {
        const byChannel = all.channels ?? {};
        // The dashboard's channel order (and colours) first, then any channel it does not know yet.
        const names = [
          ...EVENT_CHANNELS.filter((c) => c in byChannel),
          ...Object.keys(byChannel).filter((c) => !(EVENT_CHANNELS as readonly string[]).includes(c)),
        ];
        const channels = names
          .map((channel) => ({
            channel,
            metrics: {
              ...all,
              channel,
              ...byChannel[channel],
              channels: undefined,
            } satisfies SentimentMetrics,
          }))
          .filter((c) => c.metrics.total > 0);
        setState({ status: 'ready', data: { all, channels } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        }
      });
    return () => controller.abort();
  }, [api, range.from, range.to, bucket]);
  return state;
}

export function NetSentiment({
  api,
  range,
  bucket,
}: {
  api: ApiClient;
  range: { from: string; to: string };
  bucket: Bucket;
}) {
  const state = useSentimentByChannel(api, range, bucket);
  return (
    <section aria-labelledby="net-sentiment">
      <h2 id="net-sentiment">Net sentiment</h2>
      <p class="muted">
        Net sentiment score: % positive − % negative of what customers wrote, in points from −100 to +100;
        neutral messages count in the total.
      </p>
      {state.status === 'loading' && <Loading what="net sentiment" />}
      {state.status === 'error' && <ErrorMessage error={state.error} what="net sentiment" />}
      {state.status === 'ready' && <NetSentimentView data={state.data} bucket={bucket} />}
    </section>
  );
}

function NetSentimentView({ data, bucket }: { data: ByChannel; bucket: Bucket }) {
  const { all, channels } = data;
  const label = (iso: string) => (bucket === 'day' ? formatDay(iso) : formatTime(iso));
  const chart = useMemo(() => {
    const buckets = all.series.map((p) => p.bucket);
    const x = buckets.map((b) => Date.parse(b) / 1000);
    const valueAt = (metrics: SentimentMetrics) => {
      const byBucket = new Map(metrics.series.map((p) => [p.bucket, p.nss]));
      return buckets.map((b) => byBucket.get(b) ?? null);
    };
    const series: ChartSeries[] = [
      { label: 'Scored messages', values: all.series.map((p) => p.total), color: '#777777', axis: 'right' },
      { label: 'All channels', values: valueAt(all), color: '#222222', axis: 'left' },
      ...channels.map((c, i) => ({
        label: c.channel,
        values: valueAt(c.metrics),
        color: channelColor(i),
        axis: 'left' as const,
      })),
    ];
    return { x, series };
  }, [all, channels]);

  if (all.total === 0) {
    return (
      <Empty>
        No scored messages in this period. Net sentiment appears once customers write (messages, reviews,
        survey comments) and their events reach Tutti.
      </Empty>
    );
  }
  return (
    <>
      <p class="headline" data-testid="nss-summary">
        NSS <strong>{formatNss(all.nss)}</strong> from {formatCount(all.total)} scored messages:{' '}
        {formatCount(all.positive)} positive, {formatCount(all.negative)} negative, {formatCount(all.neutral)}{' '}
        neutral.
      </p>
      <TimeChart
        x={chart.x}
        series={chart.series}
        leftLabel="NSS (points)"
        rightLabel="Scored messages"
        leftRange={[-100, 100]}
        description={`Net sentiment per ${bucket} by channel, with the number of scored messages as bars. The table below has the same numbers.`}
      />
      <TableScroll label="Net sentiment per period, as a table" tall>
        <table>
          <caption>Net sentiment per {bucket}</caption>
          <thead>
            <tr>
              <th scope="col">{bucket === 'day' ? 'Day' : 'Hour'}</th>
              <th scope="col">Scored messages</th>
              <th scope="col">NSS, all channels</th>
              {channels.map((c) => (
                <th scope="col" key={c.channel}>
                  NSS, {c.channel}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {all.series.map((point) => (
              <tr key={point.bucket}>
                <th scope="row">{label(point.bucket)}</th>
                <td class="num">{formatCount(point.total)}</td>
                <td class="num">{formatNss(point.nss)}</td>
                {channels.map((c) => {
                  const p = c.metrics.series.find((q) => q.bucket === point.bucket);
                  return (
                    <td class="num" key={c.channel}>
                      {p ? `${formatNss(p.nss)} (${formatCount(p.total)})` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
