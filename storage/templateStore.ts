import { starterTemplate } from '../templates/starterTemplates';
import type { TemplateParts, TemplateVersion } from '../templates/templateParts';
import type { TemplateModels } from './models/template';
import { withBusyRetry } from './withBusyRetry';

const DUPLICATE_KEY = 11000;
/** Each failed attempt means another publisher stored a version of the same name meanwhile. */
const MAX_PUBLISH_ATTEMPTS = 20;
/** Templates a listing answers at most: a workspace has tens, not thousands. */
export const MAX_TEMPLATES_LISTED = 1000;

/** `_id` of a template's head. Neither workspace nor template names contain ":" (templates/templateParts.ts). */
export function templateHeadKey(workspace: string, name: string): string {
  return `${workspace}:${name}`;
}

/** `_id` of one stored version. */
export function templateVersionKey(workspace: string, name: string, version: number): string {
  return `${workspace}:${name}:${version}`;
}

/** Publishing lost the race for a version number too many times in a row; trying again later will do. */
export class TemplatePublishConflict extends Error {}

export interface TemplateListing {
  name: string;
  version: number;
  channel?: string;
  updatedAt: Date;
}

/**
 * The template's latest version (one read of its head by `_id`: every templated send does it), or the given
 * older version (one read by `_id`), or null when there is no such template or version. A name the workspace
 * has not stored that a built-in journey uses reads as its starter, version 0 (templates/starterTemplates.ts),
 * until the workspace stores its own.
 */
export async function readTemplate(
  models: TemplateModels,
  workspace: string,
  name: string,
  version?: number,
): Promise<TemplateVersion | null> {
  if (version === 0) return starterTemplate(name);
  if (version !== undefined) {
    const doc = await models.templates.findById(templateVersionKey(workspace, name, version)).lean();
    return doc ? versionOf(doc) : null;
  }
  const head = await models.templateHeads.findById(templateHeadKey(workspace, name)).lean();
  return head ? versionOf(head.template as Record<string, unknown>) : starterTemplate(name);
}

/**
 * The workspace's templates with their latest version, by name. The one read here not by `_id` (FerretDB scans
 * `template_heads` for it): an admin's listing, rare, over a collection of one small document per template
 * name — the bodies stay in the version documents and in the head's copy, which is not read.
 */
export async function listTemplates(models: TemplateModels, workspace: string): Promise<TemplateListing[]> {
  const heads = await models.templateHeads
    .find({ workspace }, { name: 1, version: 1, channel: 1, updatedAt: 1 })
    .limit(MAX_TEMPLATES_LISTED)
    .lean();
  return heads
    .map((head) => ({
      name: head.name,
      version: head.version,
      ...(head.channel ? { channel: head.channel } : {}),
      updatedAt: head.updatedAt,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Stores already validated parts as the template's next version (1 for a new name) and makes it the latest.
 * The same scheme as the policy store (storage/policyStore.ts, publishPolicy): the version document goes in
 * first under a unique `_id`, so two concurrent PUTs of one name become consecutive versions; then the head
 * moves forward by read-compare-write on `_id`, and each publisher checks for a next version afterwards, so the
 * head ends on the highest.
 */
export async function publishTemplate(
  models: TemplateModels,
  workspace: string,
  name: string,
  parts: TemplateParts,
  createdBy?: string,
): Promise<TemplateVersion> {
  const head = await models.templateHeads.findById(templateHeadKey(workspace, name), { version: 1 }).lean();
  let version = (head?.version ?? 0) + 1;
  for (let attempt = 1; ; attempt++, version++) {
    const template: TemplateVersion = {
      name,
      version,
      ...definedParts(parts),
      createdAt: new Date(),
      ...(createdBy ? { createdBy } : {}),
    };
    try {
      await withBusyRetry(() =>
        models.templates.create({
          _id: templateVersionKey(workspace, name, version),
          workspace,
          ...template,
        }),
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (attempt >= MAX_PUBLISH_ATTEMPTS) {
        throw new TemplatePublishConflict(
          `Template ${name}: ${attempt} versions were published concurrently; try again`,
        );
      }
      continue;
    }
    await advanceHead(models, workspace, template);
    return template;
  }
}

async function advanceHead(
  models: TemplateModels,
  workspace: string,
  template: TemplateVersion,
): Promise<void> {
  const _id = templateHeadKey(workspace, template.name);
  for (;;) {
    const head = await models.templateHeads.findById(_id, { version: 1 }).lean();
    if (!head || head.version < template.version) {
      try {
        await withBusyRetry(() =>
          models.templateHeads.updateOne(
            { _id },
            {
              $set: {
                workspace,
                name: template.name,
                version: template.version,
                template,
                updatedAt: new Date(),
                ...(template.channel ? { channel: template.channel } : {}),
              },
              ...(template.channel ? {} : { $unset: { channel: 1 } }),
            },
            { upsert: true },
          ),
        );
      } catch (error) {
        // Two first-ever heads upserted at once: one inserted, the other must compare with it again.
        if (isDuplicateKey(error)) continue;
        throw error;
      }
    }
    const next = await models.templates
      .findById(templateVersionKey(workspace, template.name, template.version + 1))
      .lean();
    if (!next) return;
    template = versionOf(next);
  }
}

function definedParts(parts: TemplateParts): TemplateParts {
  return {
    ...(typeof parts.channel === 'string' ? { channel: parts.channel } : {}),
    ...(typeof parts.subject === 'string' ? { subject: parts.subject } : {}),
    ...(typeof parts.text === 'string' ? { text: parts.text } : {}),
    ...(typeof parts.html === 'string' ? { html: parts.html } : {}),
  };
}

/** The stored fields as a TemplateVersion (a version document, or the head's copy of one). */
function versionOf(doc: Record<string, unknown>): TemplateVersion {
  return {
    name: doc.name as string,
    version: doc.version as number,
    ...definedParts(doc),
    createdAt: new Date(doc.createdAt as string | Date),
    ...(typeof doc.createdBy === 'string' ? { createdBy: doc.createdBy } : {}),
  };
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}
