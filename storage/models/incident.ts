import { Schema } from 'mongoose';
import type { AlertKind, RuleEvaluation } from '../../domain/alerts/alertRule';
import type { IncidentExample } from '../../domain/alerts/incidentExamples';

/**
 * Alert incidents (docs/ALERTS.md): one document per incident a workspace's alerts workflow found, `_id`
 * `${workspace}:${incidentId}` (domain/alerts/incidents.ts) — the same incident found again is the same
 * document, and its notices record what was delivered, so a retry never sends twice. `GET /v1/alerts` reads
 * them (one workspace's, a scan on FerretDB: incidents are few).
 */
const noticeSchema = new Schema(
  {
    status: { type: String, enum: ['pending', 'delivered', 'failed'], required: true },
    /** `webhook`: posted to a team's or the default webhook; `alerts`: none configured, stored only. */
    adapter: { type: String, enum: ['alerts', 'webhook'], required: true },
    attempts: { type: Number, required: true },
    deliveredAt: { type: Date },
    lastError: { type: String },
  },
  { _id: false, versionKey: false },
);

export const incidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    /** The id the API shows: `topic_spike:delay:2026-12-04T08`. */
    incidentId: { type: String, required: true },
    kind: { type: String, enum: ['nss_drop', 'topic_spike'], required: true },
    topic: { type: String },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date },
    status: { type: String, enum: ['open', 'closed'], required: true },
    /** The numbers of the opening hour, the examples quoted, and the team it went to. */
    detail: { type: Schema.Types.Mixed, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    opened: { type: noticeSchema },
    resolved: { type: noticeSchema },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
incidentSchema.index({ workspace: 1, openedAt: -1 });

/** An incident as stored, for the driver's collection. */
export interface IncidentDocument {
  _id: string;
  workspace: string;
  incidentId: string;
  kind: AlertKind;
  topic?: string;
  openedAt: Date;
  closedAt?: Date;
  status: 'open' | 'closed';
  detail: Omit<RuleEvaluation, 'fires'> & { examples: IncidentExample[]; team?: string };
  title: string;
  text: string;
  opened?: IncidentNotice;
  resolved?: IncidentNotice;
  createdAt: Date;
  updatedAt: Date;
}

export interface IncidentNotice {
  status: 'pending' | 'delivered' | 'failed';
  adapter: 'alerts' | 'webhook';
  attempts: number;
  deliveredAt?: Date;
  lastError?: string;
}
