export * from './trackingClaims';
export * from './rewriteLinks';
export * from './machineTraffic';
export * from './trackingEngagement';
