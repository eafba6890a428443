import type { TimelineEntry } from '../api/types';
import { describeValue } from '../describeValue';
import { formatScore, formatTime } from '../format';

/** A decision's inputs (counts in window, sentiment, open cases …) as short "name: value" pairs. */
function describeInputs(inputs: unknown): string {
  if (typeof inputs !== 'object' || inputs === null) return '';
  return Object.entries(inputs as Record<string, unknown>)
    .map(([name, value]) => `${name}: ${describeValue(value)}`)
    .join('; ');
}

function Entry({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'event':
      return (
        <>
          <span class="kind">{entry.type.replace(/_/g, ' ')}</span> on {entry.channel}
          {entry.sentiment && (
            <>
              {' '}
              — <span class={`label ${entry.sentiment.label}`}>{entry.sentiment.label}</span> (
              {formatScore(entry.sentiment.score)})
            </>
          )}
          {entry.text && <blockquote>{entry.text}</blockquote>}
          {entry.topics && entry.topics.length > 0 && (
            <p class="muted">
              Topics:{' '}
              {entry.topics.map((t) => `${t.name.replace(/_/g, ' ')} (${formatScore(t.score)})`).join(', ')}
            </p>
          )}
        </>
      );
    case 'decision':
      return (
        <>
          <span class="kind">decision</span>: {entry.category} {entry.channel}
          {entry.campaign ? ` “${entry.campaign}”` : ''} <strong>{entry.decision}</strong>, reason{' '}
          <code>{entry.reason}</code>
          {entry.scheduledFor ? `, for ${formatTime(entry.scheduledFor)}` : ''} (policy v{entry.policyVersion}
          , {entry.trigger})
          {describeInputs(entry.inputs) && <p class="muted">Inputs: {describeInputs(entry.inputs)}</p>}
        </>
      );
    case 'delivery':
      return (
        <>
          <span class="kind">delivery</span> {entry.status} via {entry.adapter} after {entry.attempts} attempt
          {entry.attempts === 1 ? '' : 's'}
          {entry.lastError && <p class="muted">Last answer: {entry.lastError}</p>}
        </>
      );
    case 'journey':
      return (
        <>
          <span class="kind">journey</span> {entry.journey}: {entry.step.replace(/_/g, ' ')}
        </>
      );
  }
}

/** The customer's story, newest first: what they said (with scores), what was decided and why, what happened. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const newestFirst = [...entries].reverse();
  return (
    <ol class="timeline">
      {newestFirst.map((entry, i) => (
        <li key={`${entry.kind}-${entry.at}-${i}`} class={entry.kind}>
          <time dateTime={entry.at}>{formatTime(entry.at)}</time> <Entry entry={entry} />
        </li>
      ))}
    </ol>
  );
}
