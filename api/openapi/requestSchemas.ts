import { z } from 'zod';
import { CONSENT_CHANNELS, incomingEventSchema, MAX_PROPERTIES_BYTES } from '../../domain/events/eventSchema';
import { ENGAGEMENT_ACTIONS } from '../../domain/events/engagement';
import { MAX_FREE_FORM_DEPTH } from '../../domain/events/freeFormJson';
import { JOURNEY_REQUEST_ID_PREFIX } from '../../domain/journeys/journeysState';
import { policyBodySchema, policyDocumentSchema } from '../../domain/policy/policySchema';
import { MAX_CLOCK_SKEW_MS, MAX_SCHEDULE_AHEAD_MS } from '../../domain/time/timeBounds';
import { newApiKeySchema } from '../apiKeyRequest';
import { incomingContactRequestSchema, MAX_CONTENT_BYTES } from '../contacts/contactRequestSchema';
import { templateBodySchema, templatePreviewSchema } from '../routes/templates';
import { MAX_PART_BYTES, MAX_SUBJECT_BYTES } from '../../templates/templateParts';
import { CLOCK_TIME_PATTERN, DATE_TIME_PATTERN, DURATION_PATTERN } from './formats';

type JsonSchema = Record<string, unknown>;

/**
 * Request bodies (and the policy document) from the same zod schemas the routes validate with, so the document
 * cannot drift from what the API accepts. What zod cannot export — checks written as refinements — is added
 * by path below; a path that no longer exists throws, so a renamed field cannot silently lose its format.
 */
export function requestSchemas(): Record<string, JsonSchema> {
  const freeForm = `nested at most ${MAX_FREE_FORM_DEPTH} levels, finite numbers only, no key \`__proto__\` nor keys with NUL or lone surrogates`;
  const event = fromZod(incomingEventSchema, 'input');
  withPattern(event, ['occurredAt'], DATE_TIME_PATTERN);
  describe(event, ['id'], 'The idempotency key: the same id again is a duplicate and changes nothing.');
  describe(
    event,
    ['occurredAt'],
    `When it happened (default: when received); at most ${MAX_CLOCK_SKEW_MS / 60_000} minutes after the server's clock.`,
  );
  describe(event, ['text'], 'What the customer said (message, survey): scored for sentiment.');
  describe(
    event,
    ['properties'],
    [
      `At most ${MAX_PROPERTIES_BYTES / 1024} KiB as JSON, ${freeForm}. Checked by type:`,
      `consent needs \`channel\` (one of ${CONSENT_CHANNELS.join(', ')}) and \`status\` (opted_in | opted_out), and may name one \`category\`;`,
      `engagement needs \`messageId\` and \`action\` (${ENGAGEMENT_ACTIONS.join(' | ')}), and takes \`url\` (clicked), \`bounce\` (hard | soft), \`machine\` (boolean: an open or click by a proxy or scanner) and \`category\` (unsubscribed from that category only); an unknown messageId is kept and flagged, never refused;`,
      'identify takes `traits` as an object, whose `timezone` must be an IANA zone;',
      'a survey `score` must be a number; a case_resolved `caseId` must be well-formed Unicode.',
    ].join(' '),
  );

  const contactRequest = fromZod(incomingContactRequestSchema, 'input');
  const aheadDays = MAX_SCHEDULE_AHEAD_MS / 86_400_000;
  withPattern(contactRequest, ['notBefore'], DATE_TIME_PATTERN);
  withPattern(contactRequest, ['expiresAt'], DATE_TIME_PATTERN);
  describe(
    contactRequest,
    ['id'],
    `The idempotency key: the same id gets the same answer for 7 days. Must not start with \`${JOURNEY_REQUEST_ID_PREFIX}\` (journeys' own).`,
  );
  describe(contactRequest, ['notBefore'], `Not sent before; at most ${aheadDays} days ahead.`);
  describe(
    contactRequest,
    ['channel'],
    '`auto`: the customer workflow chooses among the channels the customer has an address for (traits email, phone, pushToken), has not opted out of and that have not bounced, by their human opens or clicks per message received, else in the policy’s `channels.fallbackOrder`; a cap or quiet hours on that channel move it to the next (docs/PERSONALIZATION.md).',
  );
  describe(
    contactRequest,
    ['sendAt'],
    '`optimal` (marketing categories only, else 400): sent at the customer’s best engagement hour within the next 24 h and before `expiresAt`, inside caps and quiet hours; a share of messages (`sendTime.explorePercent`) goes as usual, to keep learning.',
  );
  describe(
    contactRequest,
    ['candidates'],
    'With `"channel": "auto"` only (else 400): the channels it may choose among.',
  );
  describe(
    contactRequest,
    ['expiresAt'],
    `Suppressed \`expired\` if it cannot go out by then (default: 24 h after the request); after notBefore, at most ${aheadDays} days ahead.`,
  );
  describe(
    contactRequest,
    ['content'],
    `At most ${MAX_CONTENT_BYTES / 1024} KiB as JSON; \`data\` ${freeForm}.`,
  );

  const policyBody = fromZod(policyBodySchema, 'input');
  const policyDocument = fromZod(policyDocumentSchema, 'output');
  for (const policy of [policyBody, policyDocument]) policyFormats(policy);

  const newApiKey = fromZod(newApiKeySchema, 'input');
  withPattern(newApiKey, ['expiresAt'], DATE_TIME_PATTERN);
  describe(newApiKey, ['name'], 'What the key is for, to tell keys apart (`ESP webhook`, `support desk`).');
  describe(
    newApiKey,
    ['expiresAt'],
    'When the key stops working, in the future; none: it works until revoked.',
  );

  const templateBody = fromZod(templateBodySchema, 'input');
  describe(
    templateBody,
    ['channel'],
    'The channel it is written for (informational; `message.channel` in a preview).',
  );
  describe(templateBody, ['subject'], `Liquid, at most ${MAX_SUBJECT_BYTES / 1024} KiB; not HTML-escaped.`);
  describe(templateBody, ['text'], `Liquid, at most ${MAX_PART_BYTES / 1024} KiB; not HTML-escaped.`);
  describe(
    templateBody,
    ['html'],
    `Liquid, at most ${MAX_PART_BYTES / 1024} KiB; every output is HTML-escaped unless piped through \`raw\`.`,
  );
  const templatePreview = fromZod(templatePreviewSchema, 'input');
  describe(templatePreview, ['customerId'], 'A customer of the workspace (known from an event).');
  describe(templatePreview, ['data'], `What a contact request would send as \`content.data\`; ${freeForm}.`);

  return {
    Event: event,
    TemplateBody: templateBody,
    TemplatePreviewRequest: templatePreview,
    NewApiKey: newApiKey,
    ContactRequest: contactRequest,
    PolicyBody: policyBody,
    PolicyDocument: policyDocument,
  };
}

function fromZod(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function policyFormats(policy: JsonSchema): void {
  const durations: string[][] = [
    ['caps', '[]', 'window'],
    ['exclusions', 'disruptionWindow'],
    ['exclusions', 'negativeSentimentWindow'],
    ['journeys', 'serviceRecovery', 'resolutionSla'],
    ['journeys', 'serviceRecovery', 'surveyAfter'],
    ['journeys', 'advocacy', 'askAfter'],
    ['journeys', 'cartRecovery', 'firstReminderAfter'],
    ['journeys', 'cartRecovery', 'secondChannelAfter'],
  ];
  for (const path of durations) withPattern(policy, path, DURATION_PATTERN);
  withPattern(policy, ['quietHours', 'start'], CLOCK_TIME_PATTERN);
  withPattern(policy, ['quietHours', 'end'], CLOCK_TIME_PATTERN);
}

/** The schema of the property at `path` (`[]` steps into array items). */
function at(schema: JsonSchema, path: string[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const step of path) {
    node =
      step === '[]'
        ? (node?.items as JsonSchema | undefined)
        : ((node?.properties as Record<string, JsonSchema> | undefined)?.[step] ?? undefined);
  }
  return node;
}

function describe(schema: JsonSchema, path: string[], description: string): void {
  const node = at(schema, path);
  if (!node) throw new Error(`api/openapi/requestSchemas.ts: no field at ${path.join('.')} to describe`);
  node.description = description;
}

/** Sets `pattern` on the string property at `path`. */
function withPattern(schema: JsonSchema, path: string[], pattern: string): void {
  const node = at(schema, path);
  if (node?.type !== 'string') {
    throw new Error(
      `api/openapi/requestSchemas.ts: no string field at ${path.join('.')} to give the pattern ${pattern}`,
    );
  }
  node.pattern = pattern;
}
