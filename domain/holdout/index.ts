export { globalGroup, groupOf, HOLDOUT_BUCKETS, holdoutBucket, journeyArm, journeySalt } from './assignment';
export type { HoldoutGroup } from './assignment';
export { murmurHash3, utf8Bytes } from './murmurHash3';
export { customerGroups } from './customerGroups';
export type { CustomerGroups } from './customerGroups';
