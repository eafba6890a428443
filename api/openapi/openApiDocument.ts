import { CHANNELS } from '../../domain/contact';
import {
  CUSTOMER_ID_PATTERN,
  MAX_CASE_ID_LENGTH,
  MAX_EVENTS_PER_BATCH,
} from '../../domain/events/eventSchema';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { defaultPolicy } from '../../domain/policy';
import { rolesAllowed } from '../../domain/access/roles';
import { ROUTE_ROLES } from '../routeRoles';
import { MAX_CAMPAIGN_LENGTH, REASON_FILTER } from '../routes/decisions';
import { MAX_SCOPE_NAME } from '../routes/reports';
import { MAX_SURVEY_JOURNEY_NAME } from '../../domain/surveys/surveyJourney';
import { TEMPLATE_NAME } from '../../templates/templateParts';
import { MAX_TOKEN_LENGTH } from '../../platform/trackingToken';
import { DATE_OR_DATE_TIME_PATTERN } from './formats';
import { requestSchemas } from './requestSchemas';
import { responseSchemas } from './responseSchemas';
import { errorResponses, ok } from './statuses';

/**
 * The OpenAPI 3.1 description of HTTP API v1 (docs/DESIGN.md), served at `GET /openapi.json` and rendered at
 * `GET /docs`. Every status a route can answer is listed (api/openapi/statuses.ts), and every answer's shape;
 * test/integration/openapi.test.ts checks real answers against it, and `npm run fuzz` (schemathesis) checks
 * it with generated requests.
 */
export function openApiDocument(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown, example?: unknown) => ({
    'application/json': { schema, ...(example !== undefined ? { example } : {}) },
  });
  const customerId = {
    name: 'customerId',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: CUSTOMER_ID_PATTERN.source },
    example: 'cust-42',
  };
  const limit = (fallback: number, max: number) => ({
    name: 'limit',
    in: 'query',
    description: `How many, newest first (default ${fallback}).`,
    schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
  });
  const dateOrTime = (name: string, description: string) => ({
    name,
    in: 'query',
    description,
    schema: { type: 'string', pattern: DATE_OR_DATE_TIME_PATTERN },
  });
  const decisionFilters = [
    {
      name: 'reason',
      in: 'query',
      description:
        'Only this reason code; a code without `:` also matches its family (`frequency_cap` matches `frequency_cap:sms-24h`).',
      schema: { type: 'string', pattern: REASON_FILTER.source },
      example: 'open_case',
    },
    {
      name: 'channel',
      in: 'query',
      description: 'Only decisions about this channel.',
      schema: { type: 'string', enum: [...CHANNELS] },
    },
    {
      name: 'campaign',
      in: 'query',
      description: 'Only requests of this campaign.',
      schema: { type: 'string', minLength: 1, maxLength: MAX_CAMPAIGN_LENGTH },
    },
  ];
  const customerPath = 'No such route: a path segment is empty.';
  const templateName = {
    name: 'name',
    in: 'path',
    required: true,
    description: 'Lowercase letters, digits, `_` and `-`, starting with a letter or digit, at most 64.',
    schema: { type: 'string', pattern: TEMPLATE_NAME.source },
    example: 'cart-reminder',
  };
  const trackingToken = {
    name: 'token',
    in: 'path',
    required: true,
    description: 'A signed tracking token, as the message has it (docs/TRACKING.md).',
    schema: { type: 'string', pattern: TRACKING_TOKEN_PATTERN, maxLength: MAX_TOKEN_LENGTH },
  };
  const reportFrom = dateOrTime(
    'from',
    'Start, inclusive, rounded down to the hour: a date-time with a zone, or a date (its start in UTC). Default: 7 days before `to`.',
  );
  const reportTo = dateOrTime('to', 'End, exclusive, rounded up to the hour. Default: now.');

  return withRoles({
    openapi: '3.1.0',
    info: {
      title: 'Tutti HTTP API',
      version: '1',
      description: [
        'Events in, contact decisions out. Every route under /v1 needs `Authorization: Bearer <api key>`; a key sees only its workspace.',
        'Errors are `application/problem+json` (RFC 9457) with `type`, `title`, `status`, `detail`, and for invalid input `errors: [{path, message}]` naming each field and the rule it breaks.',
        'Every route lists every status it can answer. 503 means a dependency (Temporal or MongoDB) is unreachable: send the same request again after `Retry-After` seconds — ids make retries safe. 500 is a bug on our side, logged.',
      ].join('\n\n'),
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/events': {
        post: {
          operationId: 'sendEvents',
          summary: 'Send one event, or a batch',
          description: `One event, or \`{ "events": [...] }\` with 1 to ${MAX_EVENTS_PER_BATCH}. The event id is the idempotency key: the same id again is counted as a duplicate and changes nothing. The valid events of a batch are taken even when others are rejected; those are listed in \`rejected\`. Only a body with no valid event at all is a 400.`,
          requestBody: {
            required: true,
            content: json(
              {
                oneOf: [
                  ref('Event'),
                  {
                    type: 'object',
                    required: ['events'],
                    properties: {
                      events: {
                        type: 'array',
                        minItems: 1,
                        maxItems: MAX_EVENTS_PER_BATCH,
                        items: ref('Event'),
                      },
                    },
                  },
                ],
              },
              {
                id: 'evt-1001',
                customerId: 'cust-42',
                type: 'message',
                channel: 'chat',
                occurredAt: '2026-11-23T09:30:00Z',
                text: 'My parcel is late again.',
              },
            ),
          },
          responses: {
            '202': ok(
              'Taken (new and duplicate events counted; invalid ones of a batch listed)',
              ref('IngestResult'),
            ),
            ...errorResponses({
              400: 'No valid event: the body is not an event or a batch, or every event is invalid (`rejected` lists each, for a batch).',
              415: 'The body is not application/json.',
              503: 'Some customers could not be reached (`failedCustomers`): send the same request again; events already taken are recognised by id.',
            }),
          },
        },
      },
      '/v1/customers': {
        get: {
          operationId: 'listCustomersAtRisk',
          summary: 'Customers at risk',
          parameters: [
            {
              name: 'atRisk',
              in: 'query',
              required: true,
              description: 'The only listing there is.',
              schema: { type: 'string', const: 'true' },
            },
            limit(100, 1000),
            {
              name: 'cursor',
              in: 'query',
              description: 'The `nextCursor` of the previous page; absent for the first page.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': ok(
              'Customers with open cases or negative or declining sentiment, latest activity first',
              ref('CustomerList'),
            ),
            ...errorResponses({
              400: '`atRisk` is not `true`, the limit is not a whole number in range, or the cursor is not one this API made.',
            }),
          },
        },
      },
      '/v1/customers/{customerId}': {
        get: {
          operationId: 'getCustomer',
          summary: 'A customer',
          parameters: [customerId],
          responses: {
            '200': ok('The customer as their workflow last projected them', ref('Customer')),
            ...errorResponses({
              400: 'The customer id is not valid.',
              404: 'No such customer in this workspace (yet: the read model trails the workflow by moments).',
            }),
          },
        },
      },
      '/v1/customers/{customerId}/contact-requests': {
        post: {
          operationId: 'requestContact',
          summary: 'Ask whether a message may go out: now, later or never',
          description:
            'Decided by the customer\'s workflow (caps, quiet hours, exclusions, consent, priority), after the events sent before it. The same request id gets the same answer for 7 days (and among the customer\'s last 1,000 requests). Ids starting with `journey:` are reserved. `"channel": "auto"` and `"sendAt": "optimal"` leave the channel and the hour to the workflow; the answer names them (`channel`, `scheduledFor`), the timeline\'s decision inputs say why.',
          parameters: [customerId],
          requestBody: {
            required: true,
            content: json(ref('ContactRequest'), {
              id: 'spring-sale-cust-42',
              channel: 'email',
              category: 'promotion',
              priority: 40,
              campaign: 'spring-sale',
              content: { subject: 'Spring sale', body: '20% off this week.' },
            }),
          },
          responses: {
            '200': ok('The decision', ref('ContactAnswer')),
            ...errorResponses({
              400: 'The customer id or the request is not valid (or the workflow refused it).',
              404: customerPath,
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/customers/{customerId}/ledger': {
        get: {
          operationId: 'getLedger',
          summary: "The customer's contact ledger, newest first",
          parameters: [customerId, limit(50, 500)],
          responses: {
            '200': ok(
              'Every message with its latest decision (empty for an unknown customer)',
              ref('Ledger'),
            ),
            ...errorResponses({ 400: 'The customer id or the limit is not valid.', 404: customerPath }),
          },
        },
      },
      '/v1/customers/{customerId}/timeline': {
        get: {
          operationId: 'getTimeline',
          summary: 'Events, decisions, deliveries and journey steps, in time order',
          parameters: [customerId, limit(200, 1000)],
          responses: {
            '200': ok('The story, oldest first (empty for an unknown customer)', ref('Timeline')),
            ...errorResponses({ 400: 'The customer id or the limit is not valid.', 404: customerPath }),
          },
        },
      },
      '/v1/customers/{customerId}/outbox': {
        get: {
          operationId: 'getOutbox',
          summary: 'Messages handed to delivery, newest first',
          parameters: [customerId, limit(50, 500)],
          responses: {
            '200': ok('The delivery log (empty for an unknown customer)', ref('Outbox')),
            ...errorResponses({ 400: 'The customer id or the limit is not valid.', 404: customerPath }),
          },
        },
      },
      '/v1/customers/{customerId}/consent': {
        put: {
          operationId: 'setConsent',
          summary: 'Opt a channel in or out',
          description: 'Recorded as a `consent` event. Without `id`, every call is a new event.',
          parameters: [customerId],
          requestBody: {
            required: true,
            content: json(
              {
                type: 'object',
                additionalProperties: false,
                required: ['channel', 'status'],
                properties: {
                  channel: { type: 'string', enum: [...CHANNELS] },
                  status: { type: 'string', enum: ['opted_in', 'opted_out'] },
                  id: { type: 'string', minLength: 1, maxLength: 128, description: 'Idempotency key.' },
                },
              },
              { channel: 'sms', status: 'opted_out' },
            ),
          },
          responses: {
            '202': ok('Recorded as a consent event', ref('ConsentRecorded')),
            ...errorResponses({
              400: 'The customer id or the body is not valid.',
              404: customerPath,
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/customers/{customerId}/cases/{caseId}/resolve': {
        post: {
          operationId: 'resolveCase',
          summary: 'Resolve a service case',
          description: 'Recorded as a `case_resolved` event; resolving the same case again is a duplicate.',
          parameters: [
            customerId,
            {
              name: 'caseId',
              in: 'path',
              required: true,
              schema: { type: 'string', minLength: 1, maxLength: MAX_CASE_ID_LENGTH },
            },
          ],
          responses: {
            '202': ok('Recorded as a case_resolved event', ref('CaseResolveRecorded')),
            ...errorResponses({ 400: 'The customer id or the case id is not valid.', 404: customerPath }),
          },
        },
      },
      '/v1/metrics/sentiment': {
        get: {
          operationId: 'getSentimentMetrics',
          summary: 'Net sentiment score and its series',
          description:
            'Scored events whose occurredAt is in [from, to), rounded out to whole UTC hours (the answer says which). Counted at write time per hour, channel and label, and read by `_id`: the same cost for any number of customers. At most 92 days with hourly buckets, 731 with daily ones.',
          parameters: [
            dateOrTime(
              'from',
              'Start, inclusive: a date-time with a zone, or a date (its start in UTC). Default: 7 days before `to`.',
            ),
            dateOrTime('to', 'End, exclusive. Default: now.'),
            { name: 'channel', in: 'query', schema: { type: 'string', enum: [...EVENT_CHANNELS] } },
            {
              name: 'bucket',
              in: 'query',
              schema: { type: 'string', enum: ['hour', 'day'], default: 'day' },
            },
            {
              name: 'groupBy',
              in: 'query',
              description: '`channel`: add `channels`, every channel’s figures and series, in the same call.',
              schema: { type: 'string', enum: ['channel'] },
            },
          ],
          responses: {
            '200': ok('NSS = % positive − % negative, overall and per bucket', ref('SentimentMetrics')),
            ...errorResponses({
              400: 'A parameter is not valid, the range is empty, or it is too long for the bucket size.',
            }),
          },
        },
      },
      '/v1/metrics/topics': {
        get: {
          operationId: 'getTopicMetrics',
          summary: 'What customers talk about, how they feel about it, and what drags the NSS down',
          description:
            'Every topic of the policy in force (quiet ones with zeros), and any other topic mentioned in the range, with its mentions and NSS in [from, to), rounded out to whole UTC hours, and in the period of equal length just before `from`; most negative mentions first. Drivers: `negativeShare` (the topic’s part of all negative mentions) and `impact` (the points the workspace’s NSS would gain without the events that mention the topic). Counted at write time in the hour each event occurred. At most 731 days. docs/TOPICS.md says how to read it.',
          parameters: [
            reportFrom,
            reportTo,
            {
              name: 'channel',
              in: 'query',
              description: 'Only events of this channel. Default: every channel.',
              schema: { type: 'string', enum: [...EVENT_CHANNELS] },
            },
          ],
          responses: {
            '200': ok('The workspace’s NSS, and each topic’s metrics and drivers', ref('TopicMetrics')),
            ...errorResponses({
              400: 'A parameter is not valid, or the range is empty or longer than 731 days.',
            }),
          },
        },
      },
      '/v1/metrics/surveys': {
        get: {
          operationId: 'getSurveyMetrics',
          summary: 'CSAT, NPS and CES by channel, journey and period, beside NSS',
          description:
            'Surveys whose occurredAt is in [from, to), rounded out to whole UTC hours (the counters are hourly; the answer gives the rounded range). A survey counts when its `properties.kind` is csat, nps or ces and its `properties.score` a point of that scale (docs/SURVEYS.md). At most 92 days with hourly buckets, 731 with daily ones.',
          parameters: [
            reportFrom,
            reportTo,
            { name: 'channel', in: 'query', schema: { type: 'string', enum: [...EVENT_CHANNELS] } },
            {
              name: 'journey',
              in: 'query',
              description:
                'Only the surveys attributed to this journey (`properties.journey`, else the last journey message of the 7 days before); `-`: those of no journey.',
              schema: { type: 'string', minLength: 1, maxLength: MAX_SURVEY_JOURNEY_NAME },
              example: 'serviceRecovery',
            },
            {
              name: 'bucket',
              in: 'query',
              schema: { type: 'string', enum: ['hour', 'day'], default: 'day' },
            },
          ],
          responses: {
            '200': ok(
              'The KPIs overall, by channel, by journey and per bucket, and NSS',
              ref('SurveyMetrics'),
            ),
            ...errorResponses({
              400: 'A parameter is not valid, the range is empty, or it is too long for the bucket size.',
            }),
          },
        },
      },
      '/v1/reports/uplift': {
        get: {
          operationId: 'getUpliftReport',
          summary: 'Did treatment convert more often than control? By how much?',
          description:
            'Treatment against the control group over the cohort that entered in [from, to), rounded out to whole UTC hours (the counters are hourly; the answer gives the rounded range). At most 731 days. docs/REPORTS.md says how to read it; docs/STATISTICS.md how it is computed.',
          parameters: [
            {
              name: 'scope',
              in: 'query',
              description:
                'Whose uplift: every customer (`global`: the global control group), one journey’s runs (`journey:NAME`: its holdout arm), or one campaign’s recipients (`campaign:NAME`).',
              schema: {
                type: 'string',
                pattern: `^(global|(journey|campaign):.{1,${MAX_SCOPE_NAME}})$`,
                default: 'global',
              },
              example: 'journey:cartRecovery',
            },
            {
              name: 'goal',
              in: 'query',
              description:
                'A goal of the policy in force. Default: the journey’s own goal for `journey:NAME`, else the first of the policy’s goals.',
              schema: { type: 'string' },
              example: 'purchase',
            },
            reportFrom,
            reportTo,
          ],
          responses: {
            '200': ok('Each arm, the lifts with 95 % intervals, the p-value', ref('UpliftReport')),
            ...errorResponses({
              400: 'A parameter is not valid, the range is empty or longer than 731 days, the goal is not one of the policy’s, or the journey of `journey:NAME` is in neither the registry nor the policy.',
            }),
          },
        },
      },
      '/v1/reports/journeys/{name}/funnel': {
        get: {
          operationId: 'getJourneyFunnel',
          summary: "A journey's funnel, per holdout arm",
          description:
            'The runs that entered in [from, to) (rounded out to whole UTC hours), what each message step did, how many converted and how the runs ended. A journey without runs answers zeros. At most 731 days.',
          parameters: [
            {
              name: 'name',
              in: 'path',
              required: true,
              description: 'A journey of the registry or of the policy in force.',
              schema: { type: 'string', minLength: 1 },
              example: 'cartRecovery',
            },
            reportFrom,
            reportTo,
          ],
          responses: {
            '200': ok('Both arms, steps most reached first', ref('FunnelReport')),
            ...errorResponses({
              400: 'A parameter is not valid, or the range is empty or longer than 731 days.',
              404: 'No such journey in the registry or the policy in force.',
            }),
          },
        },
      },
      '/v1/reports/contact-pressure': {
        get: {
          operationId: 'getContactPressure',
          summary: 'Messages sent, deferred and suppressed, and how many each customer got',
          description:
            'Decisions made in [from, to), rounded out to whole UTC hours. At most 92 days with hourly buckets, 731 with daily ones.',
          parameters: [
            reportFrom,
            reportTo,
            {
              name: 'bucket',
              in: 'query',
              schema: { type: 'string', enum: ['hour', 'day'], default: 'day' },
            },
          ],
          responses: {
            '200': ok('Totals by reason, channel and category, and the series', ref('ContactPressure')),
            ...errorResponses({
              400: 'A parameter is not valid, the range is empty, or it is too long for the bucket size.',
            }),
          },
        },
      },
      '/v1/policy': {
        get: {
          operationId: 'getPolicy',
          summary: 'The policy document in force',
          responses: {
            '200': ok(
              'The current version (version 1 is the default policy)',
              ref('PolicyDocument'),
              defaultPolicy,
            ),
            ...errorResponses({
              500: 'A failure on our side (logged), such as a stored policy that no longer validates.',
            }),
          },
        },
        put: {
          operationId: 'publishPolicy',
          summary: 'Publish the next policy version (admin key)',
          description:
            'The whole document, validated whole: one bad field refuses all of it and the current version stays in force. A `version` in the body is ignored: the next number is assigned. `POST /v1/policy/validate` gives the same verdict without storing anything (a dry run).',
          requestBody: {
            required: true,
            content: json(ref('PolicyBody'), (({ version: _version, ...body }) => body)(defaultPolicy)),
          },
          responses: {
            '200': ok('Stored as the next version, and in force', ref('PolicyDocument')),
            ...errorResponses({
              400: 'The policy is invalid: `errors` lists every problem; nothing was stored.',
              403: 'Not an admin key.',
              409: 'Too many publishers at once: send it again.',
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/policy/versions/{version}': {
        get: {
          operationId: 'getPolicyVersion',
          summary: 'A policy version as it was published',
          description:
            'Any version up to the one in force, to compare versions or to restore one (send it back with `PUT /v1/policy`). Version 1 is the default policy unless a version 1 was published.',
          parameters: [
            {
              name: 'version',
              in: 'path',
              required: true,
              schema: { type: 'integer', minimum: 1, maximum: 999_999_999 },
              example: 1,
            },
          ],
          responses: {
            '200': ok('The version', ref('PolicyDocument'), defaultPolicy),
            ...errorResponses({
              400: 'The version is not a whole number from 1.',
              404: 'The workspace has no such version.',
            }),
          },
        },
      },
      '/v1/policy/validate': {
        post: {
          operationId: 'validatePolicy',
          summary: 'Check a policy document without publishing it (admin key)',
          description:
            'The dry run of `PUT /v1/policy`: the same body, the same checks and the same 400 with every problem in `errors`. Valid, the answer is the document as the PUT would store it (defaults filled in, without a `version`). Nothing is stored, and the version in force is unchanged.',
          requestBody: {
            required: true,
            content: json(ref('PolicyBody'), (({ version: _version, ...body }) => body)(defaultPolicy)),
          },
          responses: {
            '200': ok('Valid: the document as it would be stored', ref('PolicyBody')),
            ...errorResponses({
              400: 'The policy is invalid: `errors` lists every problem.',
              403: 'Not an admin key.',
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/templates': {
        get: {
          operationId: 'listTemplates',
          summary: "The workspace's templates, with their latest version",
          responses: { '200': ok('By name', ref('TemplateList')), ...errorResponses({}) },
        },
      },
      '/v1/templates/{name}': {
        get: {
          operationId: 'getTemplate',
          summary: 'A template: its latest version, or an older one',
          parameters: [
            templateName,
            {
              name: 'version',
              in: 'query',
              description: 'An older version (default: the latest).',
              schema: { type: 'integer', minimum: 1, maximum: 999_999_999 },
            },
          ],
          responses: {
            '200': ok('The version', ref('Template')),
            ...errorResponses({
              400: 'The name or the version is not valid.',
              404: 'No such template, or no such version of it.',
            }),
          },
        },
        put: {
          operationId: 'publishTemplate',
          summary: 'Publish the next version of a template (admin key)',
          description:
            'Liquid (docs/TEMPLATES.md), validated at save: a syntax error, an unknown tag or filter, or `include`/`render`/`layout` (there is nothing to include) is a 400 whose `errors` name the part (`path`) and its `line`. At least one of `text` and `html`. Versions count from 1 per name; every version is kept.',
          parameters: [templateName],
          requestBody: {
            required: true,
            content: json(ref('TemplateBody'), {
              channel: 'email',
              subject: 'Still thinking about it, {{ customer.traits.first_name | default: "there" }}?',
              text: 'Your cart: {% for item in data.items %}{{ item.name }} {% endfor %}',
              html: '<p>Your cart: {% for item in data.items %}<b>{{ item.name }}</b> {% endfor %}</p>',
            }),
          },
          responses: {
            '200': ok('Stored as the next version', ref('Template')),
            '201': ok('Stored as version 1 of a new template', ref('Template')),
            ...errorResponses({
              400: 'The body or the Liquid is invalid: `errors` names each part, with its `line`; nothing was stored.',
              403: 'Not an admin key.',
              409: 'Too many publishers of this template at once: send it again.',
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/templates/{name}/preview': {
        post: {
          operationId: 'previewTemplate',
          summary: 'Render the latest version for a real customer',
          description:
            "Renders with the customer's current traits and sentiment (the read model) and `data`, with the strict rule: `missing` lists every variable that has no value and no `default`, each of which would stop the message at send time.",
          parameters: [templateName],
          requestBody: {
            required: true,
            content: json(ref('TemplatePreviewRequest'), {
              customerId: 'cust-42',
              data: { items: [{ name: 'Runners' }] },
            }),
          },
          responses: {
            '200': ok('The rendered parts and the missing variables', ref('TemplatePreview')),
            ...errorResponses({
              400: 'The name or the body is not valid.',
              404: 'No such template, or no such customer.',
              415: 'The body is not application/json.',
              422: 'The template cannot be rendered for this customer (a render limit, or a filter refusing a value): `reason`, and `errors` naming the part and line.',
            }),
          },
        },
      },
      '/v1/api-keys': {
        get: {
          operationId: 'listApiKeys',
          summary: "The workspace's API keys, without their secrets",
          responses: {
            '200': ok('Every key, newest first', ref('ApiKeyList')),
            ...errorResponses({}),
          },
        },
        post: {
          operationId: 'createApiKey',
          summary: 'Make an API key',
          description:
            'The answer holds the key itself, shown this once: only its SHA-256 is kept. Roles: `ingest` sends events and contact requests; `member` also reads and changes customers and reads the policy; `admin` also publishes the policy, manages keys and reads the audit trail.',
          requestBody: {
            required: true,
            content: json(ref('NewApiKey'), { name: 'ESP webhook', role: 'ingest' }),
          },
          responses: {
            '201': ok('Made: the key is in `key`, and nowhere else', ref('CreatedApiKey')),
            ...errorResponses({
              400: 'The body is not valid (`errors` names each field), or `expiresAt` is not in the future.',
              415: 'The body is not application/json.',
            }),
          },
        },
      },
      '/v1/api-keys/{keyId}': {
        delete: {
          operationId: 'revokeApiKey',
          summary: 'Revoke an API key',
          description:
            'Every API replica refuses the key within 5 s. Revoking a revoked key answers it as it is. The last active admin key of the workspace cannot be revoked (409): make another first.',
          parameters: [
            {
              name: 'keyId',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^key_[A-Za-z0-9]{16}$' },
              example: 'key_AbCdEfGh12345678',
            },
          ],
          responses: {
            '200': ok('Revoked (`revokedAt` set)', ref('ApiKey')),
            ...errorResponses({
              400: 'The key id is not valid.',
              404: 'No such key in this workspace.',
              409: "The workspace's last active admin key: make another admin key first.",
            }),
          },
        },
      },
      '/v1/alerts': {
        get: {
          operationId: 'getAlerts',
          summary: 'Alert incidents: net sentiment drops and topic spikes',
          description:
            "One per incident the workspace's alerts workflow found (docs/ALERTS.md), with the numbers that opened it and a few verbatims. The same alert went to the webhook of the team that owns the topic (policy `teams`), or to TUTTI_ALERT_WEBHOOK_URL.",
          parameters: [
            limit(50, 500),
            {
              name: 'status',
              in: 'query',
              description: 'Only open, or only closed, incidents.',
              schema: { type: 'string', enum: ['open', 'closed'] },
            },
          ],
          responses: {
            '200': ok('Newest opened first', ref('AlertList')),
            ...errorResponses({ 400: 'The limit or the status is not valid.' }),
          },
        },
      },
      '/v1/decisions': {
        get: {
          operationId: 'getDecisions',
          summary: 'The newest decisions across the workspace’s customers, with their reasons',
          description:
            'From the workspace’s decision feed, kept as decisions are recorded (storage/decisionFeed.ts): read by `_id`, never a scan, at any number of customers. Newest recorded first. The walk back is bounded: `truncated` says it stopped before finding `limit` decisions that match, and `nextBefore` goes on.',
          parameters: [
            ...decisionFilters,
            limit(50, 500),
            {
              name: 'before',
              in: 'query',
              description:
                'Decisions older than this position: `nextBefore` of the previous page (`entry` or `entry.index`).',
              schema: { type: 'string', pattern: '^[1-9][0-9]{0,14}(\\.(0|[1-9][0-9]{0,5}))?$' },
            },
          ],
          responses: {
            '200': ok('Newest first', ref('DecisionPage')),
            ...errorResponses({ 400: 'A filter, the limit or the cursor is not valid (`errors` names it).' }),
          },
        },
      },
      '/v1/decisions/stream': {
        get: {
          operationId: 'streamDecisions',
          summary: 'Decisions as they are recorded: Server-Sent Events',
          description:
            'A `text/event-stream` that stays open. Each feed entry is one `decisions` event, `data: {"decisions":[...]}` (each decision as in `GET /v1/decisions`, without `position`, in the order recorded), whose `id` is the entry’s number; an entry with nothing matching the filter only moves the `id` on. Reconnect with `Last-Event-ID` (the last id seen, or `head` of `GET /v1/decisions`): everything after it comes, without a gap or a repeat. More than 1,000 entries behind, a `gap` event (`data: {"after","resumedAt"}`) says the stream skipped ahead: reload the page. A comment line every 15 s keeps proxies from closing a quiet stream. The key goes in the `Authorization` header (never the URL), so browsers read it with `fetch`, not `EventSource`. The stream ends when the key is revoked or MongoDB fails; reconnect.',
          parameters: [
            ...decisionFilters,
            {
              name: 'Last-Event-ID',
              in: 'header',
              description: 'Resume after this event id (a feed entry number).',
              schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$' },
            },
          ],
          responses: {
            '200': {
              description: 'The stream: `retry`, the starting `id`, then events as decisions are recorded.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errorResponses({
              400: 'A filter or the Last-Event-ID is not valid (`errors` names it).',
              503: 'MongoDB cannot be reached when the stream opens (once open, the stream ends instead: reconnect).',
            }),
          },
        },
      },
      '/v1/audit': {
        get: {
          operationId: 'getAudit',
          summary: 'The audit trail: who changed what, when',
          description:
            'Policy versions, keys made and revoked (through the API or `npm run keys`), and cases resolved through the API, each with the key that did it. Append-only.',
          parameters: [
            limit(50, 500),
            {
              name: 'before',
              in: 'query',
              description: 'Entries older than this id: `nextBefore` of the previous page.',
              schema: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
            },
          ],
          responses: {
            '200': ok('Newest first', ref('AuditPage')),
            ...errorResponses({ 400: 'The limit or the cursor is not valid.' }),
          },
        },
      },
      '/t/c/{token}': {
        get: {
          operationId: 'followTrackedLink',
          summary: 'A tracked link: redirects to the URL the message had, and records a click',
          description:
            'No API key: these URLs are in the messages customers receive (docs/TRACKING.md). The signed token names the message and its URL; the click becomes an `engagement` event (`clicked`, with `machine: true` for known proxies and scanners), counted once however often it is followed.',
          security: [],
          parameters: [trackingToken],
          responses: {
            '302': {
              description: 'To the URL that was in the message, and nowhere else.',
              headers: { Location: { schema: { type: 'string', format: 'uri' } } },
            },
            ...errorResponses(
              {
                404: 'Not a token Tutti made: forged, altered or truncated. Nothing is recorded.',
                503: 'The tracking secret cannot be read (MongoDB unreachable).',
              },
              { public: true },
            ),
          },
        },
      },
      '/t/o/{file}': {
        get: {
          operationId: 'openPixel',
          summary: 'The open pixel of an HTML email: a transparent 1×1 GIF; records an open',
          description:
            'No API key (docs/TRACKING.md). Never cached. Opens by privacy proxies (Apple Mail Privacy Protection, GoogleImageProxy, …) are recorded with `machine: true`.',
          security: [],
          parameters: [
            {
              name: 'file',
              in: 'path',
              required: true,
              description: 'The token, then `.gif`.',
              schema: {
                type: 'string',
                pattern: `${TRACKING_TOKEN_PATTERN.slice(0, -1)}\\.gif$`,
                maxLength: MAX_TOKEN_LENGTH + 4,
              },
            },
          ],
          responses: {
            '200': {
              description: 'A transparent 1×1 GIF (`Cache-Control: no-store`).',
              content: { 'image/gif': { schema: { type: 'string', contentEncoding: 'binary' } } },
            },
            ...errorResponses(
              {
                404: 'Not a token Tutti made: forged, altered or truncated. Nothing is recorded.',
                503: 'The tracking secret cannot be read (MongoDB unreachable).',
              },
              { public: true },
            ),
          },
        },
      },
      '/t/u/{token}': {
        get: {
          operationId: 'unsubscribePage',
          summary: 'The unsubscribe link: a page that asks (changes nothing)',
          description:
            'No API key (docs/TRACKING.md). A GET never unsubscribes: link scanners fetch every URL of a message. The page (no script, a strict CSP) posts to the same URL.',
          security: [],
          parameters: [trackingToken],
          responses: {
            '200': {
              description: 'The confirmation page.',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            ...errorResponses(
              {
                404: 'Not a token Tutti made: forged, altered or truncated.',
                503: 'The tracking secret cannot be read (MongoDB unreachable).',
              },
              { public: true },
            ),
          },
        },
        post: {
          operationId: 'unsubscribe',
          summary:
            'One-click unsubscribe (RFC 8058): opts the customer out of the message’s category on its channel',
          description:
            'No API key. What mailbox providers POST (`List-Unsubscribe=One-Click`) to the `List-Unsubscribe` URL of a marketing email, and what the page’s button sends; the body is not needed. Records an `engagement` event `unsubscribed` with the message’s `category`.',
          security: [],
          parameters: [trackingToken],
          requestBody: {
            required: false,
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  properties: { 'List-Unsubscribe': { const: 'One-Click' } },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Unsubscribed: a page that says so.',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            ...errorResponses(
              {
                404: 'Not a token Tutti made: forged, altered or truncated. Nothing is recorded.',
                429: 'Too many requests from this address: send again after `Retry-After` seconds.',
                503: 'Temporal or MongoDB cannot be reached: send the same request again after `Retry-After` seconds (it is recorded once).',
              },
              { public: true },
            ),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'healthz',
          summary: 'The process is up',
          security: [],
          responses: { '200': ok('Up', ref('Health')), ...errorResponses({}, { public: true }) },
        },
      },
      '/readyz': {
        get: {
          operationId: 'readyz',
          summary: 'Ready to serve: its dependencies answer',
          security: [],
          responses: {
            '200': ok('Ready', ref('Ready')),
            ...errorResponses(
              { 503: 'Not ready: `checks` names each part and what is wrong with it.' },
              { public: true },
            ),
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          security: [],
          responses: {
            '200': {
              description: 'Prometheus text format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            ...errorResponses({}, { public: true }),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          security: [],
          responses: {
            '200': ok('OpenAPI 3.1', { type: 'object', required: ['openapi', 'paths'] }),
            ...errorResponses({}, { public: true }),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key of the workspace.' },
      },
      schemas: { ...requestSchemas(), ...responseSchemas },
    },
  });
}

/** A tracking token's shape (platform/trackingToken.ts): base64url payload, a dot, base64url MAC. */
const TRACKING_TOKEN_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Gives every /v1 operation its role (api/routeRoles.ts) as `x-tutti-role`, a sentence in its description, and
 * a 403 when some key may not call it. A /v1 operation without a role is a mistake the document refuses to hide.
 */
function withRoles(document: Record<string, unknown>): Record<string, unknown> {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      const role = ROUTE_ROLES[`${method.toUpperCase()} ${path}`];
      if (!role) throw new Error(`${method.toUpperCase()} ${path} has no role in api/routeRoles.ts`);
      const allowed = rolesAllowed(role);
      const who = `Takes an API key with role ${allowed.map((r) => `\`${r}\``).join(' or ')}.`;
      operation['x-tutti-role'] = role;
      operation.description =
        typeof operation.description === 'string' ? `${operation.description}\n\n${who}` : who;
      const responses = operation.responses as Record<string, unknown>;
      if (role !== 'ingest' && !responses['403']) {
        responses['403'] = errorResponses({ 403: `The key's role is below \`${role}\` (\`requiredRole\`).` })[
          '403'
        ];
      }
      operation.responses = Object.fromEntries(
        Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
  return document;
}
