import { ApplicationFailure } from '@temporalio/common';
import { TEMPLATE_RENDER_ERROR } from '../../domain/failureTypes';
import { customerKey } from '../../storage/documentKeys';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import { readTemplate } from '../../storage/templateStore';
import { templateContext } from '../../templates/renderContext';
import type { TemplateContext } from '../../templates/renderContext';
import { renderTemplate } from '../../templates/renderTemplate';
import type { OutboundMessage } from './outboundMessage';

export type RenderContentModels = Pick<Models, 'templates' | 'templateHeads' | 'customers' | 'outbox'>;

/** A stored template rendered for one message. */
export interface RenderedContent {
  template: string;
  version: number;
  subject?: string;
  text?: string;
  html?: string;
}

/**
 * Renders the message's `content.template` when the workspace has a template of that name (its latest
 * version), with the customer (the snapshot the message carries, else the read model: current traits and
 * sentiment), the request's `content.data` and the message's id and channel. Answers null when there is
 * nothing to render: no `content.template`, or a name the workspace has not stored — the content then goes out
 * as requested, for the brand's own system to render as before.
 *
 * A template that cannot be rendered (docs/TEMPLATES.md, "At send time") throws a non-retryable
 * ApplicationFailure of type TEMPLATE_RENDER_ERROR: nothing is sent, and the customer workflow turns it into a
 * suppression with the reason in the details. Except when an earlier attempt delivered the message already
 * (the template or the traits changed since): then it answers null, and the delivery log answers
 * `already_delivered` as for any retry.
 */
export async function renderForDelivery(
  message: OutboundMessage,
  models: RenderContentModels,
): Promise<RenderedContent | null> {
  const name = message.content.template;
  if (name === undefined) return null;
  const template = await readTemplate(models, message.workspace, name);
  if (!template) return null;
  const context = await contextFor(message, models);
  const result = await renderTemplate(template, context);
  if (result.ok) return { template: name, version: template.version, ...result.rendered };
  const earlier = await models.outbox.findById(message.messageId, { status: 1 }).lean();
  if ((earlier as { status?: string } | null)?.status === 'delivered') return null;
  throw ApplicationFailure.create({
    message: `Template ${name} version ${template.version} cannot be rendered for message ${message.messageId}: ${result.message}`,
    type: TEMPLATE_RENDER_ERROR,
    nonRetryable: true,
    details: [
      {
        reason: result.reason,
        template: name,
        version: template.version,
        part: result.part,
        ...(result.variable !== undefined ? { variable: result.variable } : {}),
        ...(result.line !== undefined ? { line: result.line } : {}),
      },
    ],
  });
}

/**
 * The message as the adapters send it: a rendered template's parts in place of the request's (parts the
 * template lacks keep what the request sent), and without the customer snapshot, which is for rendering only.
 */
export function withRenderedContent(
  message: OutboundMessage,
  rendered: RenderedContent | null,
): OutboundMessage {
  const { customer: _customer, ...rest } = message;
  if (!rendered) return rest;
  const content = { ...message.content, templateVersion: rendered.version };
  if (rendered.subject !== undefined) content.subject = rendered.subject;
  if (rendered.text !== undefined) content.body = rendered.text;
  if (rendered.html !== undefined) content.html = rendered.html;
  return { ...rest, content };
}

async function contextFor(message: OutboundMessage, models: RenderContentModels): Promise<TemplateContext> {
  const messageFields = { id: message.messageId, channel: message.channel };
  const data = message.content.data ?? {};
  if (message.customer) return templateContext({ customer: message.customer, data, message: messageFields });
  const doc = await models.customers
    .findById(customerKey(message.workspace, message.customerId), { traits: 1, sentiment: 1 })
    .lean();
  return templateContext({
    customer: {
      id: message.customerId,
      traits: doc ? decodeFreeForm(doc.traits) : {},
      sentiment: doc?.sentiment,
    },
    data,
    message: messageFields,
  });
}
