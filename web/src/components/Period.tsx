import { useMemo, useState } from 'preact/hooks';
import type { Bucket, DayRange } from '../dateRange';
import { lastDays, rangeProblem, rangeQuery } from '../dateRange';
import { viewerZone } from '../format';

export interface Period {
  picked: DayRange;
  setPicked: (range: DayRange) => void;
  bucket: Bucket;
  setBucket: (bucket: Bucket) => void;
  /** Why the picked days cannot be asked for; null when they can. */
  problem: string | null;
  /** The last valid pick as the API takes it (instants with a zone, `to` exclusive). */
  range: { from: string; to: string };
}

/** A period of whole days in the viewer's zone; the last valid one stays in force while a date is being typed. */
export function usePeriod(days: number): Period {
  const [picked, setPicked] = useState<DayRange>(() => lastDays(days));
  const [bucket, setBucket] = useState<Bucket>('day');
  const problem = rangeProblem(picked);
  const [shown, setShown] = useState<DayRange>(picked);
  if (!problem && (shown.from !== picked.from || shown.to !== picked.to)) setShown(picked);
  const range = useMemo(() => rangeQuery(shown), [shown.from, shown.to]);
  return { picked, setPicked, bucket, setBucket, problem, range };
}

export function PeriodControls({ period, withBucket }: { period: Period; withBucket: boolean }) {
  const { picked, setPicked, bucket, setBucket, problem } = period;
  return (
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
      {withBucket && (
        <span class="field">
          {/* Not wrapped in its label: the options' text would join the select's name ("Perdayhour"). */}
          <label for="period-bucket">Per</label>
          <select
            id="period-bucket"
            value={bucket}
            onChange={(e) => setBucket(e.currentTarget.value as Bucket)}
          >
            <option value="day">day</option>
            <option value="hour">hour</option>
          </select>
        </span>
      )}
      <span class="muted">Times in {viewerZone}.</span>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </form>
  );
}
