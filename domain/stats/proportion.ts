/** One arm of a comparison: how many customers were in it and how many of them converted. */
export interface ArmCounts {
  readonly customers: number;
  readonly converted: number;
}

/** A two-sided confidence interval, lower bound first. */
export type Interval = readonly [lo: number, hi: number];

/** Counts that cannot describe an arm: negative, fractional, or more conversions than customers. */
export class InvalidArmCounts extends Error {
  constructor(
    readonly arm: string,
    readonly customers: number,
    readonly converted: number,
  ) {
    super(
      `${arm} must have whole, non-negative counts with converted ≤ customers; got ` +
        `customers ${customers}, converted ${converted}`,
    );
    this.name = 'InvalidArmCounts';
  }
}

/** Throws InvalidArmCounts unless the counts are whole, non-negative and converted ≤ customers. */
export function checkArm(counts: ArmCounts, arm = 'arm'): void {
  const { customers, converted } = counts;
  const whole = Number.isSafeInteger(customers) && Number.isSafeInteger(converted);
  if (!whole || converted < 0 || converted > customers) {
    throw new InvalidArmCounts(arm, customers, converted);
  }
}

/** The arm's conversion rate, or null for an arm with no customers (a rate of nobody is not 0). */
export function conversionRate(counts: ArmCounts): number | null {
  checkArm(counts);
  return counts.customers === 0 ? null : counts.converted / counts.customers;
}
