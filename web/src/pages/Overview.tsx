import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { AtRisk } from '../components/AtRisk';
import { ContactPressure } from '../components/ContactPressure';
import { NetSentiment } from '../components/NetSentiment';
import { Topics } from '../components/Topics';
import type { Bucket, DayRange } from '../dateRange';
import { lastDays, rangeProblem, rangeQuery } from '../dateRange';
import { viewerZone } from '../format';

/** How customers feel, about what, who is at risk, and what was sent or held back: one period for all four. */
export function Overview({ api }: { api: ApiClient }) {
  const [picked, setPicked] = useState<DayRange>(() => lastDays(7));
  const [bucket, setBucket] = useState<Bucket>('day');
  const problem = rangeProblem(picked);
  // The last valid period stays on screen while the viewer is halfway through typing a date.
  const [shown, setShown] = useState<DayRange>(picked);
  if (!problem && (shown.from !== picked.from || shown.to !== picked.to)) setShown(picked);
  const range = useMemo(() => rangeQuery(shown), [shown.from, shown.to]);

  return (
    <>
      <h1>Overview</h1>
      <form class="controls" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
        <label>
          From
          <input
            type="date"
            value={picked.from}
            max={picked.to}
            onInput={(e) => setPicked({ ...picked, from: e.currentTarget.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={picked.to}
            min={picked.from}
            onInput={(e) => setPicked({ ...picked, to: e.currentTarget.value })}
          />
        </label>
        <label>
          Per
          <select value={bucket} onChange={(e) => setBucket(e.currentTarget.value as Bucket)}>
            <option value="day">day</option>
            <option value="hour">hour</option>
          </select>
        </label>
        <span class="muted">Times in {viewerZone}.</span>
        {problem && (
          <p role="alert" class="error">
            {problem}
          </p>
        )}
      </form>
      <NetSentiment api={api} range={range} bucket={bucket} />
      <Topics api={api} range={range} />
      <AtRisk api={api} />
      <ContactPressure api={api} range={range} bucket={bucket} />
    </>
  );
}
