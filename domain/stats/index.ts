export { newcombeDifference } from './newcombeDifference';
export { standardNormalCdf, twoSidedCriticalValue } from './normal';
export { checkArm, conversionRate, InvalidArmCounts } from './proportion';
export type { ArmCounts, Interval } from './proportion';
export { relativeLift } from './relativeLift';
export type { RelativeLift } from './relativeLift';
export { wilsonInterval } from './wilsonInterval';
