import type { CustomerState } from './customerState';

/** At risk (docs/DESIGN.md, `GET /v1/customers?atRisk=true`): an open case, or feelings that are bad or getting worse. */
export function isAtRisk(state: CustomerState): boolean {
  return (
    state.openCases.length > 0 ||
    state.sentiment.label === 'negative' ||
    state.sentiment.trend === 'declining'
  );
}
