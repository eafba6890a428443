import type { ApiClient } from '../api/client';
import { AtRisk } from '../components/AtRisk';
import { ContactPressure } from '../components/ContactPressure';
import { NetSentiment } from '../components/NetSentiment';
import { PeriodControls, usePeriod } from '../components/Period';
import { Topics } from '../components/Topics';

/** How customers feel, about what, who is at risk, and what was sent or held back: one period for all four. */
export function Overview({ api }: { api: ApiClient }) {
  const period = usePeriod(7);
  return (
    <>
      <h1>Overview</h1>
      <PeriodControls period={period} withBucket />
      <NetSentiment api={api} range={period.range} bucket={period.bucket} />
      <Topics api={api} range={period.range} />
      <AtRisk api={api} />
      <ContactPressure api={api} range={period.range} bucket={period.bucket} />
    </>
  );
}
