import type { TimelineEntry } from '../api/types';
import { describeDecisionInputs } from '../decisionInputs';
import { formatScore, formatTime } from '../format';

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
          <DecisionInputs inputs={entry.inputs} />
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

function DecisionInputs({ inputs }: { inputs: unknown }) {
  const phrases = describeDecisionInputs(inputs);
  if (phrases.length === 0) return null;
  return (
    <details>
      <summary>What it weighed</summary>
      <ul class="inputs">
        {phrases.map((phrase) => (
          <li key={phrase}>{phrase}</li>
        ))}
      </ul>
    </details>
  );
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
