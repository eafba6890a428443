import { twoSidedCriticalValue } from './normal';
import { checkArm } from './proportion';
import type { ArmCounts, Interval } from './proportion';

export interface RelativeLift {
  /** p_t / p_c − 1: 0.25 means treatment converts 25 % more often than control. */
  readonly value: number | null;
  readonly ci95: Interval | null;
}

/**
 * Relative lift p_t / p_c − 1, with the delta-method interval on the log of the ratio (the Katz log
 * interval: Katz, Baptista, Azen & Pike 1978, Biometrics 34:469–474):
 *
 *   SE(ln RR) = √(1/x_t − 1/n_t + 1/x_c − 1/n_c),   RR · exp(±z · SE) − 1
 *
 * The value is null when control has no customers or converted nobody (a ratio to nothing); it is −1 when
 * treatment converted nobody and control did. The interval is null whenever either rate is 0 (the log of 0
 * has no standard error), and when both arms converted every customer (the estimate's standard error is
 * then 0, and a zero-width interval would claim a certainty that ten out of ten does not give).
 */
export function relativeLift(treatment: ArmCounts, control: ArmCounts, confidence = 0.95): RelativeLift {
  checkArm(treatment, 'treatment');
  checkArm(control, 'control');
  const { customers: nt, converted: xt } = treatment;
  const { customers: nc, converted: xc } = control;
  if (nt === 0 || nc === 0 || xc === 0) return { value: null, ci95: null };
  const ratio = xt / nt / (xc / nc);
  if (xt === 0) return { value: -1, ci95: null };
  const standardError = Math.sqrt(1 / xt - 1 / nt + (1 / xc - 1 / nc));
  if (standardError === 0) return { value: ratio - 1, ci95: null };
  const spread = twoSidedCriticalValue(confidence) * standardError;
  return { value: ratio - 1, ci95: [ratio * Math.exp(-spread) - 1, ratio * Math.exp(spread) - 1] };
}
