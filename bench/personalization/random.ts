import { murmurHash3 } from '../../domain/holdout';

/** A stream of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A seeded stream: Chris Doty-Humphrey's SFC32 (from PractRand), seeded from MurmurHash3 of the name. The
 * simulation gives every customer streams of their own (`${seed}:population:${id}`, …), so a customer's
 * draws do not depend on how many numbers the others used, and the same seed gives the same run.
 */
export function seededRandom(name: string): Random {
  let a = murmurHash3(name, 1);
  let b = murmurHash3(name, 2);
  let c = murmurHash3(name, 3);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  // SFC32's authors discard the first outputs so that similar seeds part ways.
  for (let i = 0; i < 12; i++) next();
  return next;
}

export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // (0, 1]: the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One of the entries, each with probability proportional to its weight. */
export function pickWeighted<T>(random: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of entries) {
    left -= weight;
    if (left < 0) return value;
  }
  return entries[entries.length - 1][0];
}
