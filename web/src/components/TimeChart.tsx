import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap (no data is not zero). */
  values: (number | null)[];
  color: string;
  /** `left` for the measure, `right` for the volumes drawn as bars behind it. */
  axis: 'left' | 'right';
}

interface TimeChartProps {
  /** Seconds since the epoch, ascending. */
  x: number[];
  series: ChartSeries[];
  leftLabel: string;
  rightLabel?: string;
  leftRange?: [number, number];
  /** What the chart shows, for screen readers; the table beside it carries the numbers. */
  description: string;
  height?: number;
}

/**
 * A time series drawn with uPlot on a canvas: lines on the left axis, bars (volumes) on the right. Times are
 * in the viewer's zone (uPlot's default). The canvas is an image to assistive technology: the caller puts
 * a table of the same numbers beside it.
 */
export function TimeChart({
  x,
  series,
  leftLabel,
  rightLabel,
  leftRange,
  description,
  height = 260,
}: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 280),
      height,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        left: leftRange ? { range: leftRange } : {},
        right: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {},
        { scale: 'left', label: leftLabel },
        ...(rightLabel ? [{ scale: 'right', side: 1, label: rightLabel, grid: { show: false } }] : []),
      ],
      series: [
        {},
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          scale: s.axis,
          stroke: s.color,
          width: s.axis === 'left' ? 2 : 0,
          fill: s.axis === 'right' ? `${s.color}55` : undefined,
          paths: s.axis === 'right' ? bars : undefined,
          points: { show: x.length < 60 },
          spanGaps: false,
        })),
      ],
    };
    const chart = new uPlot(options, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(element.clientWidth, 280), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [x, series, leftLabel, rightLabel, leftRange, height]);

  return (
    <figure class="chart">
      <div ref={holder} role="img" aria-label={description} data-testid="chart" />
      <figcaption>
        <ul class="legend">
          {series.map((s) => (
            <li key={s.label}>
              <span class={`swatch ${s.axis === 'right' ? 'bar' : 'line'}`} style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
