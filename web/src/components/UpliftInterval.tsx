import { formatPercent } from '../format';

const WIDTH = 320;
const HEIGHT = 44;
const PAD = 12;

/**
 * The absolute lift and its 95% interval drawn on a line through zero: an interval that crosses zero is a lift
 * not told apart from none. Drawn in SVG attributes (no inline styles under the CSP); the label says it in words.
 */
export function UpliftInterval({ value, ci95 }: { value: number; ci95: [number, number] }) {
  const [lo, hi] = ci95;
  const reach = Math.max(Math.abs(lo), Math.abs(hi), Math.abs(value), 0.01);
  const x = (v: number) => PAD + ((v + reach) / (2 * reach)) * (WIDTH - 2 * PAD);
  const label = `Absolute lift ${formatPercent(value)}, 95% interval ${formatPercent(lo)} to ${formatPercent(hi)}${
    lo <= 0 && hi >= 0 ? ': the interval includes zero' : ''
  }.`;
  return (
    <svg
      class="interval"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke="#d2d2d7" />
      <line x1={x(0)} x2={x(0)} y1={6} y2={HEIGHT - 6} stroke="#545458" stroke-dasharray="3 3" />
      <line x1={x(lo)} x2={x(hi)} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke="#0057b8" stroke-width={4} />
      <line x1={x(lo)} x2={x(lo)} y1={HEIGHT / 2 - 7} y2={HEIGHT / 2 + 7} stroke="#0057b8" stroke-width={2} />
      <line x1={x(hi)} x2={x(hi)} y1={HEIGHT / 2 - 7} y2={HEIGHT / 2 + 7} stroke="#0057b8" stroke-width={2} />
      <circle cx={x(value)} cy={HEIGHT / 2} r={6} fill="#0057b8" />
    </svg>
  );
}
