import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/**
 * One published template version, never changed after it is written. `_id` is `${workspace}:${name}:${version}`
 * (templateVersionKey in storage/templateStore.ts): its uniqueness is how two concurrent publishers of the same
 * name learn that they picked the same number. Workspace and template names never contain ":".
 */
export const templateVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    channel: { type: String },
    subject: { type: String },
    text: { type: String },
    html: { type: String },
    createdAt: { type: Date, required: true },
    createdBy: { type: String },
  },
  { versionKey: false, minimize: false },
);

/**
 * A template's latest version, copied whole so that reading it (every send) is one `_id` lookup. `_id` is
 * `${workspace}:${name}`.
 */
export const templateHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    /** The latest version's channel, beside the copy so the listing need not read every template's body. */
    channel: { type: String },
    template: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function registerTemplateModels(connection: Connection) {
  return {
    templates: connection.model('Template', templateVersionSchema, 'templates'),
    templateHeads: connection.model('TemplateHead', templateHeadSchema, 'template_heads'),
  };
}

/** What the template store needs; the full `Models` of storage/models satisfies it once registered there. */
export type TemplateModels = ReturnType<typeof registerTemplateModels>;
