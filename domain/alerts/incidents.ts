import type { AlertKind, RuleEvaluation } from './alertRule';
import { HOUR_MS } from './alertRule';
import type { EvaluatedHours, FiringInterval } from './firingIntervals';

/**
 * An incident: one stretch of time in which a rule fired (for topic_spike, about one topic). One alert is sent
 * when it opens and one "resolved" message when it closes — never one per hour it fires. Plain numbers and
 * strings: the alerts workflow keeps its incidents in its state and carries them over continue-as-new.
 */
export interface Incident {
  /** incidentId(kind, topic, openedAt): the same incident found twice has the same id. */
  id: string;
  kind: AlertKind;
  topic?: string;
  /** The first hour the rule fired (epoch ms of its start). */
  openedAt: number;
  /** The first hour it no longer fired; absent while open. */
  closedAt?: number;
}

/** An id unique in the workspace, readable in the store and in the API: `topic_spike:delay:2026-12-04T08`. */
export function incidentId(kind: AlertKind, topic: string | undefined, openedAt: number): string {
  return `${kind}:${topic ?? 'workspace'}:${new Date(openedAt).toISOString().slice(0, 13)}`;
}

export interface IncidentChanges {
  /** Every incident still known: the known ones, updated, and the new ones. */
  incidents: Incident[];
  /** New incidents, with the numbers of their first hour: each is one alert. */
  opened: { incident: Incident; evaluation: RuleEvaluation }[];
  /** Incidents that closed (or whose close moved later, on counts that arrived late). */
  closed: Incident[];
  /** Closed incidents that fire again at the last hour, on counts that arrived late: open again, no new alert. */
  reopened: Incident[];
}

/**
 * Reconciles one round's firing intervals with the incidents already known:
 * - an interval that overlaps or touches a known incident of the same rule and topic is that incident (never
 *   a second alert); a closed one it carries on to the last hour is open again;
 * - an interval that matches none opens a new incident (found late — counts with a past occurredAt, a worker
 *   outage — it may open and close in the same round);
 * - an open incident none of whose intervals still fires at the last evaluated hour closes, at the first
 *   hour it stopped firing.
 * Pure and idempotent: the same intervals against its own result change nothing.
 */
export function reconcileIncidents(
  known: readonly Incident[],
  intervals: readonly FiringInterval[],
  hours: EvaluatedHours,
): IncidentChanges {
  const incidents = known.map((incident) => ({ ...incident }));
  const matched = new Map<Incident, FiringInterval[]>();
  const opened: IncidentChanges['opened'] = [];
  const closed: Incident[] = [];
  const reopened: Incident[] = [];

  for (const interval of [...intervals].sort((a, b) => a.start - b.start)) {
    const same = incidents
      .filter((i) => i.kind === interval.kind && i.topic === interval.topic)
      .sort((a, b) => a.openedAt - b.openedAt);
    const incident = same.find((i) => touches(i, interval));
    if (incident) {
      matched.set(incident, [...(matched.get(incident) ?? []), interval]);
      continue;
    }
    const fresh: Incident = {
      id: incidentId(interval.kind, interval.topic, interval.start),
      kind: interval.kind,
      ...(interval.topic !== undefined ? { topic: interval.topic } : {}),
      openedAt: interval.start,
      ...(interval.end !== undefined ? { closedAt: interval.end } : {}),
    };
    incidents.push(fresh);
    matched.set(fresh, [interval]);
    opened.push({ incident: fresh, evaluation: interval.evaluation });
    if (fresh.closedAt !== undefined) closed.push(fresh);
  }

  for (const incident of incidents) {
    if (opened.some((o) => o.incident === incident)) continue;
    const runs = matched.get(incident) ?? [];
    const stillFiring = runs.some((run) => run.end === undefined);
    if (incident.closedAt === undefined) {
      if (stillFiring) continue;
      const lastEnd = Math.max(-Infinity, ...runs.map((run) => run.end ?? -Infinity));
      incident.closedAt = Math.max(lastEnd, incident.openedAt + HOUR_MS, hours.first);
      closed.push(incident);
    } else if (stillFiring) {
      delete incident.closedAt;
      reopened.push(incident);
    } else if (runs.length > 0) {
      const lastEnd = Math.max(...runs.map((run) => run.end ?? -Infinity));
      if (lastEnd > incident.closedAt) {
        incident.closedAt = lastEnd;
        closed.push(incident);
      }
    }
  }
  return { incidents, opened, closed, reopened };
}

/** Overlaps or touches: the interval fires at some hour from the incident's opening to its close. */
function touches(incident: Incident, interval: FiringInterval): boolean {
  const incidentEnd = incident.closedAt ?? Infinity;
  const intervalEnd = interval.end ?? Infinity;
  return interval.start <= incidentEnd && intervalEnd >= incident.openedAt;
}

/**
 * The incidents a workflow keeps: every open one, and the `maxClosed` most recently closed (enough to match
 * what the next rounds re-evaluate; an older one found again has the same id, and the store does not alert
 * twice for it).
 */
export function incidentsToKeep(incidents: readonly Incident[], maxClosed: number): Incident[] {
  const open = incidents.filter((i) => i.closedAt === undefined);
  const closed = incidents
    .filter((i) => i.closedAt !== undefined)
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, maxClosed);
  return [...open, ...closed].sort((a, b) => a.openedAt - b.openedAt);
}
