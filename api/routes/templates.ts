import { Router } from 'express';
import { z } from 'zod';
import { CHANNELS } from '../../domain/contact';
import { CUSTOMER_ID_PATTERN } from '../../domain/events/eventSchema';
import { freeFormObject } from '../../domain/events/freeFormJson';
import { recordAudit } from '../../storage/auditStore';
import { customerKey } from '../../storage/documentKeys';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import {
  listTemplates,
  publishTemplate,
  readTemplate,
  TemplatePublishConflict,
} from '../../storage/templateStore';
import { previewTemplate } from '../../templates/previewTemplate';
import { templateContext } from '../../templates/renderContext';
import { isTemplateName } from '../../templates/templateParts';
import type { TemplateVersion } from '../../templates/templateParts';
import { validateTemplate } from '../../templates/validateTemplate';
import { MAX_CONTENT_BYTES } from '../contacts/contactRequestSchema';
import { actorOf } from '../audit';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { requireJson } from '../requireJson';
import { fieldErrors } from '../zodErrors';

const source = (field: string) => z.string({ error: `${field} must be a string` });

/** The body of `PUT /v1/templates/{name}` (and its OpenAPI schema); the Liquid itself is checked after. */
export const templateBodySchema = z
  .object({
    channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }).optional(),
    subject: source('subject').optional(),
    text: source('text').optional(),
    html: source('html').optional(),
  })
  .strict();

/** The body of `POST /v1/templates/{name}/preview`. */
export const templatePreviewSchema = z
  .object({
    customerId: z
      .string({ error: 'customerId must be a string' })
      .regex(CUSTOMER_ID_PATTERN, 'customerId must be 1–128 characters of A–Z a–z 0–9 . _ : @ + -'),
    data: freeFormObject('data', MAX_CONTENT_BYTES).optional(),
  })
  .strict();

/** The message id a preview renders with (`message.id`): no message exists yet. */
export const PREVIEW_MESSAGE_ID = 'preview';

/**
 * Templates (docs/TEMPLATES.md). `PUT /v1/templates/{name}` (admin) validates the Liquid and stores the next
 * version; `GET` lists and reads them; `POST …/preview` renders one for a real customer with the strict rule,
 * listing every missing variable. Roles in api/routeRoles.ts.
 */
export function templatesRouter(models: Models): Router {
  const router = Router();

  router.get('/v1/templates', async (_req, res) => {
    const templates = await listTemplates(models, callerOf(res).workspace);
    res.json({
      templates: templates.map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })),
    });
  });

  router.get('/v1/templates/:name', async (req, res) => {
    const name = templateName(req.params.name);
    const version = versionParam(req.query.version);
    const template = await readTemplate(models, callerOf(res).workspace, name, version);
    if (!template) throw notFound(name, version);
    res.json(templateBody(template));
  });

  router.put('/v1/templates/:name', requireJson, async (req, res) => {
    const name = templateName(req.params.name);
    const parsed = templateBodySchema.safeParse(req.body);
    if (!parsed.success) {
      throw validationProblem('The template is invalid; nothing was stored.', fieldErrors(parsed.error));
    }
    const checked = validateTemplate(parsed.data);
    if (!checked.ok) {
      throw validationProblem(
        'The template does not compile; nothing was stored and the latest version stays in use.',
        checked.errors.map(({ field, line, column, message }) => ({
          path: field,
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
          message,
        })),
      );
    }
    const workspace = callerOf(res).workspace;
    let published;
    try {
      published = await publishTemplate(models, workspace, name, parsed.data, callerOf(res).keyId);
    } catch (error) {
      if (!(error instanceof TemplatePublishConflict)) throw error;
      throw new HttpProblem(409, 'Conflict', error.message, { type: PROBLEM_TYPES.conflict });
    }
    await recordAudit(models, workspace, {
      action: 'template.published',
      actor: actorOf(res),
      subject: { name, version: published.version },
    });
    res.status(published.version === 1 ? 201 : 200).json(templateBody(published));
  });

  router.post('/v1/templates/:name/preview', requireJson, async (req, res) => {
    const name = templateName(req.params.name);
    const parsed = templatePreviewSchema.safeParse(req.body);
    if (!parsed.success) {
      throw validationProblem('The preview request is invalid.', fieldErrors(parsed.error));
    }
    const workspace = callerOf(res).workspace;
    const template = await readTemplate(models, workspace, name);
    if (!template) throw notFound(name);
    const { customerId, data } = parsed.data;
    const customer = await models.customers
      .findById(customerKey(workspace, customerId), { traits: 1, sentiment: 1 })
      .lean();
    if (!customer) {
      throw new HttpProblem(404, 'Not found', `No customer ${customerId} in this workspace yet.`, {
        type: PROBLEM_TYPES.notFound,
      });
    }
    const context = templateContext({
      customer: { id: customerId, traits: decodeFreeForm(customer.traits), sentiment: customer.sentiment },
      data: data ?? {},
      message: { id: PREVIEW_MESSAGE_ID, channel: template.channel ?? 'email' },
    });
    const preview = await previewTemplate(template, context);
    if (!preview.ok) {
      throw new HttpProblem(
        422,
        'Template cannot be rendered',
        `Template ${name} version ${template.version} cannot be rendered for customer ${customerId}: ${preview.message}. It would be suppressed at send time (${preview.reason}).`,
        {
          type: PROBLEM_TYPES.templateRender,
          reason: preview.reason,
          errors: [
            {
              path: preview.part,
              ...(preview.line !== undefined ? { line: preview.line } : {}),
              message: preview.message,
            },
          ],
        },
      );
    }
    res.json({ name, version: template.version, ...preview.rendered, missing: preview.missing });
  });

  return router;
}

function templateName(name: unknown): string {
  if (typeof name !== 'string' || !isTemplateName(name)) {
    throw validationProblem('The template name in the path is not valid.', [
      {
        path: 'name',
        message: 'must be 1–64 characters of a–z 0–9 _ -, starting with a letter or digit',
      },
    ]);
  }
  return name;
}

function versionParam(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) {
    throw validationProblem('The version is not valid.', [
      { path: 'version', message: 'must be a whole number from 1' },
    ]);
  }
  return Number(value);
}

function notFound(name: string, version?: number): HttpProblem {
  return new HttpProblem(
    404,
    'Not found',
    version === undefined
      ? `No template ${name} in this workspace.`
      : `Template ${name} has no version ${version} in this workspace.`,
    { type: PROBLEM_TYPES.notFound },
  );
}

function templateBody(template: TemplateVersion) {
  return { ...template, createdAt: template.createdAt.toISOString() };
}
