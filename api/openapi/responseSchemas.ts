import { CATEGORIES, CHANNELS } from '../../domain/contact';
import { EVENT_CHANNELS, EVENT_TYPES } from '../../domain/events/eventTypes';
import { ROLES } from '../../domain/access/roles';
import { UTC_TIME } from './formats';

/**
 * What the routes answer, as JSON Schema (OpenAPI 3.1), written from the route code (api/routes/) — there is
 * no zod schema on the way out. test/integration/openapi.test.ts validates real answers against these, with
 * every object closed, so a field a route adds or drops without a change here fails a test.
 * Fields a route leaves out when it has no value are optional here; fields it sends as `null` are nullable.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const HOLDOUT_GROUP = { type: 'string', enum: ['control', 'treatment'] } as const;
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const count = { type: 'integer', minimum: 0 } as const;
const text = { type: 'string' } as const;
const channel = { type: 'string', enum: [...CHANNELS] };
const category = { type: 'string', enum: [...CATEGORIES] };
const decision = { type: 'string', enum: ['sent', 'scheduled', 'suppressed'] };
const freeObject = { type: 'object' } as const;

const reasonDescription =
  'Why: `ok`, `frequency_cap:<cap name>`, `lower_priority`, `quiet_hours`, `not_before`, `optimal_time` (`"sendAt": "optimal"`: scheduled for the customer’s best hour), `open_case`, `disruption`, `negative_sentiment`, `opted_out` (the channel, or the category on it), `unreachable` (the channel’s address hard-bounced), `expired`, `duplicate`, `withdrawn` and `template_error` (decision records only: a sent message whose template could not be rendered at send time).';

const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  required,
  properties,
});

const netSentiment = {
  positive: count,
  negative: count,
  neutral: count,
  total: count,
  nss: {
    ...nullable({ type: 'number', minimum: -100, maximum: 100 }),
    description:
      '% positive − % negative, in points, one decimal; `null` when nothing was scored (no data is not a balance of 0).',
  },
};

/** NSS points (-100..100, one decimal), `null` when there is nothing to count. */
const nss = nullable({ type: 'number', minimum: -100, maximum: 100 });
/** GET /v1/metrics/surveys: CSAT, NPS and CES of a set of surveys (docs/SURVEYS.md). */
const percentOrNull = (minimum: number, description: string) => ({
  ...nullable({ type: 'number', minimum, maximum: 100 }),
  description: `${description}, in points, one decimal; \`null\` without responses.`,
});
const sentimentSeries = {
  type: 'array',
  description: 'Sparse, in time order: a bucket with no scored event is absent.',
  items: object({
    bucket: {
      type: 'string',
      description: 'UTC hour (`2026-11-22T20:00Z`) or day (`2026-11-22`).',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:00Z)?$',
    },
    ...netSentiment,
  }),
};

const surveyKpis = object({
  csat: object({
    responses: count,
    satisfied: { ...count, description: 'Answers of 4 or 5 on the 1–5 scale.' },
    score: percentOrNull(0, 'CSAT: % satisfied'),
  }),
  nps: object({
    responses: count,
    promoters: { ...count, description: 'Answers of 9 or 10 on the 0–10 scale.' },
    passives: { ...count, description: 'Answers of 7 or 8.' },
    detractors: { ...count, description: 'Answers of 0 to 6.' },
    score: percentOrNull(-100, 'NPS: % promoters − % detractors'),
  }),
  ces: object({
    responses: count,
    mean: {
      ...nullable({ type: 'number', minimum: 1, maximum: 7 }),
      description:
        'Mean agreement with “the company made it easy” on the 1–7 scale, two decimals; `null` without responses.',
    },
    easyShare: percentOrNull(0, '% easy (answers of 5 to 7)'),
  }),
});

const apiKey = {
  id: { type: 'string', pattern: '^key_[A-Za-z0-9]{16}$', description: 'What to revoke it by.' },
  name: text,
  role: { type: 'string', enum: [...ROLES] },
  prefix: {
    type: 'string',
    description:
      'The start of the key (`tutti_ingest_Ab12Cd`), to tell keys apart; not a secret, and not enough to use it.',
  },
  status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
  createdAt: UTC_TIME,
  expiresAt: { ...nullable(UTC_TIME), description: '`null`: until revoked.' },
  revokedAt: nullable(UTC_TIME),
};

const interval = {
  type: 'array',
  items: { type: 'number' },
  minItems: 2,
  maxItems: 2,
  description: '[lower, upper] of the 95 % interval.',
} as const;
const nullableNumber = nullable({ type: 'number' });
const upliftArm = object({
  customers: { ...count, description: 'Cohort entries of the arm in the range (docs/REPORTS.md).' },
  converted: { ...count, description: 'Of those, the entries that converted on the goal within its window.' },
  rate: { ...nullable({ type: 'number', minimum: 0, maximum: 1 }), description: '`null` for an empty arm.' },
});
const lift = (description: string) =>
  object({ value: { ...nullableNumber, description }, ci95: nullable(interval) });
const funnelArm = object({
  entered: { ...count, description: 'Runs that began in the range.' },
  steps: {
    type: 'array',
    description: 'Most reached first, then by name.',
    items: object({
      step: text,
      reached: count,
      sent: count,
      suppressed: count,
      delivered: count,
      opened: { ...count, description: 'Opens by people: machine opens excluded.' },
      clicked: count,
      converted: { ...count, description: 'Conversions whose last send before the goal was this step.' },
    }),
  },
  converted: { ...count, description: 'Runs that converted on the journey’s goal.' },
  exits: { type: 'object', additionalProperties: count, description: 'Runs that ended, by reason.' },
});
const decisionCounts = object({ sent: count, suppressed: count, scheduled: count });
const perCustomer = {
  ...nullable({ type: 'integer', minimum: 1 }),
  description: '`null` when no customer was sent any marketing message.',
};

export const responseSchemas = {
  Problem: {
    type: 'object',
    description:
      'RFC 9457. Validation errors add `errors` (each naming the field and the rule); some problems add members of their own (`rejected`, `failedCustomers`, `dependency`, `checks`).',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', description: 'A `urn:tutti:problem:*` URN, or `about:blank`.' },
      title: text,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: text,
      instance: { type: 'string', description: 'The request path.' },
      requestId: {
        type: 'string',
        description: "The request's id, as in `X-Request-Id` and in the server's log lines about it.",
      },
      errors: { type: 'array', items: ref('FieldError') },
      rejected: {
        type: 'array',
        description: 'POST /v1/events, a batch with no valid event: every event, with why.',
        items: ref('RejectedEvent'),
      },
      failedCustomers: {
        type: 'array',
        description: 'POST /v1/events, 503: the customers whose workflows could not be reached.',
        items: text,
      },
      requiredRole: {
        type: 'string',
        enum: [...ROLES],
        description: "403: the least role that may do this (`role` is the key's).",
      },
      role: { type: 'string', enum: [...ROLES], description: "403: the key's role." },
      reason: {
        type: 'string',
        enum: ['template_limit_exceeded', 'template_render_failed'],
        description:
          'POST /v1/templates/{name}/preview, 422: why the template cannot be rendered for this customer (it would be suppressed at send time for the same reason).',
      },
      dependency: {
        type: 'string',
        enum: ['MongoDB', 'Temporal'],
        description: '503: the dependency that cannot be reached.',
      },
      checks: {
        type: 'object',
        description: 'GET /readyz, 503: each dependency, `ok` or what is wrong with it.',
        additionalProperties: text,
      },
    },
  },
  ApiKey: object(apiKey),
  CreatedApiKey: object({
    ...apiKey,
    key: {
      type: 'string',
      description:
        'The key itself, shown this once: only its SHA-256 is stored. Send it as `Authorization: Bearer <key>`.',
    },
  }),
  ApiKeyList: object({
    keys: { type: 'array', items: ref('ApiKey'), description: 'Newest first, revoked and expired ones too.' },
  }),
  AuditPage: object({
    entries: {
      type: 'array',
      description: 'Newest first.',
      items: object({
        id: { type: 'integer', minimum: 1, description: 'Numbered from 1 in each workspace: the cursor.' },
        at: UTC_TIME,
        action: {
          type: 'string',
          enum: [
            'policy.published',
            'api_key.created',
            'api_key.revoked',
            'case.resolved',
            'template.published',
          ],
        },
        actor: object({
          keyId: {
            ...nullable(text),
            description: '`null`: an operator with database access (`npm run keys`).',
          },
          name: text,
          role: nullable({ type: 'string', enum: [...ROLES] }),
        }),
        subject: {
          ...freeObject,
          description:
            'What it was done to: `{ version }` (policy), `{ keyId, name, role, expiresAt }` (keys), `{ customerId, caseId, duplicate }` (cases), `{ name, version }` (templates).',
        },
      }),
    },
    nextBefore: {
      ...nullable({ type: 'integer', minimum: 1 }),
      description: 'Send as `before` for the next page; `null`: no more.',
    },
  }),
  Template: object(
    {
      name: text,
      version: {
        type: 'integer',
        minimum: 0,
        description: 'From 1 per name; 0 is a starter template, read until the workspace stores its own.',
      },
      channel,
      subject: text,
      text,
      html: text,
      createdAt: UTC_TIME,
      createdBy: { type: 'string', description: 'The id of the API key that published it.' },
    },
    ['name', 'version', 'createdAt'],
  ),
  TemplateList: object({
    templates: {
      type: 'array',
      description: 'By name.',
      items: object({ name: text, version: { type: 'integer', minimum: 1 }, channel, updatedAt: UTC_TIME }, [
        'name',
        'version',
        'updatedAt',
      ]),
    },
  }),
  TemplatePreview: object(
    {
      name: text,
      version: { type: 'integer', minimum: 1, description: 'The version rendered: the latest.' },
      subject: text,
      text,
      html: text,
      missing: {
        type: 'array',
        items: text,
        description:
          'Every variable the render needed and this customer (or `data`) does not have, as written (`customer.traits.first_name`), in order. Each would stop the message at send time; they render as nothing here.',
      },
    },
    ['name', 'version', 'missing'],
  ),
  FieldError: object(
    {
      path: { type: 'string', description: 'Dotted path of the field (`events.3.customerId`), or `(body)`.' },
      line: {
        type: 'integer',
        minimum: 1,
        description: 'A template part (`html`, `text`, `subject`): the 1-based line of the problem.',
      },
      column: { type: 'integer', minimum: 1, description: 'A template part: the 1-based column.' },
      message: { type: 'string', description: 'The rule it breaks.' },
    },
    ['path', 'message'],
  ),
  RejectedEvent: object(
    {
      index: { type: 'integer', minimum: 0, description: 'Position in the batch (0 for a single event).' },
      id: { type: 'string', description: "The event's id, when it had a string one." },
      errors: { type: 'array', minItems: 1, items: ref('FieldError') },
    },
    ['index', 'errors'],
  ),
  IngestResult: object(
    {
      accepted: { ...count, description: 'New events taken.' },
      duplicates: { ...count, description: 'Events whose id was already taken (changed nothing).' },
      rejected: {
        type: 'array',
        description: 'Invalid events of the batch, with why; present only when there are some.',
        items: ref('RejectedEvent'),
      },
    },
    ['accepted', 'duplicates'],
  ),
  ConsentRecorded: object({
    customerId: text,
    channel,
    status: { type: 'string', enum: ['opted_in', 'opted_out'] },
    accepted: count,
    duplicates: count,
  }),
  CaseResolveRecorded: object({ customerId: text, caseId: text, accepted: count, duplicates: count }),
  ContactAnswer: object(
    {
      requestId: text,
      decision,
      reason: { type: 'string', description: reasonDescription },
      messageId: {
        type: 'string',
        description: 'Sent or scheduled: the id of the message (its delivery key).',
      },
      channel: {
        ...channel,
        description:
          'The channel it goes (or would have gone) on: for `"channel": "auto"`, the one chosen. Absent when "auto" found no channel it could use, and in answers given before it existed.',
      },
      scheduledFor: {
        ...UTC_TIME,
        description:
          'Scheduled: when it goes out (re-checked then); for `"sendAt": "optimal"`, the hour chosen.',
      },
      policyVersion: { type: 'integer', minimum: 1 },
    },
    ['requestId', 'decision', 'reason', 'policyVersion'],
  ),
  Customer: object(
    {
      customerId: text,
      traits: {
        type: 'object',
        description:
          'As the last `identify` events set them (email, name, timezone, locale, tier, and any other).',
      },
      sentiment: object({
        score: { type: 'number', minimum: -1, maximum: 1 },
        label: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
        trend: { type: 'string', enum: ['improving', 'declining', 'stable'] },
        lastAt: nullable(UTC_TIME),
      }),
      openCases: { type: 'array', items: ref('ServiceCase') },
      activeJourneys: {
        type: 'array',
        items: text,
        description: 'Names of the journeys the customer is in.',
      },
      journeys: { type: 'array', items: ref('ActiveJourney') },
      consent: {
        type: 'object',
        description: 'Channel → opted_in | opted_out, for channels the customer said something about.',
        additionalProperties: { type: 'string', enum: ['opted_in', 'opted_out'] },
      },
      categoryConsent: {
        type: 'object',
        description:
          'Channel → category → opted_in | opted_out: an unsubscribe from one category, a complaint (every marketing category). Only when there is any.',
        additionalProperties: {
          type: 'object',
          additionalProperties: { type: 'string', enum: ['opted_in', 'opted_out'] },
        },
      },
      unreachable: {
        type: 'object',
        description:
          'Channels whose address hard-bounced: every request on them is suppressed `unreachable` until an identify changes the address or a consent event opts in. Only when there is any.',
        additionalProperties: object({ since: UTC_TIME, messageId: text }),
      },
      counts: {
        type: 'object',
        description: 'Events taken, in all (`events`) and by type.',
        additionalProperties: count,
      },
      atRisk: { type: 'boolean' },
      negativeTopics: {
        type: 'array',
        description:
          'The newest topics the customer spoke of negatively (up to 10, newest last): the topic, the sentiment of the clause, when, and the event.',
        items: object(
          { name: text, score: { type: 'number', minimum: -1, maximum: 1 }, at: UTC_TIME, eventId: text },
          ['name', 'score', 'at', 'eventId'],
        ),
      },
      lastEventAt: nullable(UTC_TIME),
      groups: object({
        global: { ...HOLDOUT_GROUP, description: 'The global holdout: control gets no marketing at all.' },
        journeys: {
          type: 'object',
          description: 'Journey name → arm, for journeys the policy holds a share of (`holdout.journeys`).',
          additionalProperties: HOLDOUT_GROUP,
        },
      }),
    },
    [
      'customerId',
      'traits',
      'sentiment',
      'openCases',
      'activeJourneys',
      'journeys',
      'consent',
      'counts',
      'atRisk',
      'lastEventAt',
      'groups',
    ],
  ),
  ServiceCase: object(
    {
      caseId: text,
      reason: { type: 'string', enum: ['negative_message', 'disruption'] },
      openedAt: UTC_TIME,
      openedBy: { type: 'string', description: 'The event that opened it.' },
      channel: { type: 'string', enum: [...EVENT_CHANNELS] },
      eventCount: { type: 'integer', minimum: 1 },
      lastEventAt: UTC_TIME,
      disruptionKind: text,
      resolvedAt: UTC_TIME,
      topics: {
        type: 'array',
        items: text,
        description: "Topics the case's events talked about (the policy's taxonomy), most negative first.",
      },
    },
    ['caseId', 'reason', 'openedAt', 'openedBy', 'channel', 'eventCount', 'lastEventAt'],
  ),
  ActiveJourney: object(
    {
      journeyId: { type: 'string', description: 'The journey workflow id (open it in the Temporal UI).' },
      name: text,
      run: { type: 'integer', minimum: 1 },
      startedAt: UTC_TIME,
      triggeredBy: { type: 'string', description: 'The event that started it.' },
      arm: { ...HOLDOUT_GROUP, description: 'Its holdout arm, for journeys the policy holds a share of.' },
      currentStep: nullable({
        ...object({
          step: {
            type: 'string',
            description:
              'The newest step the journey recorded (as in the timeline): e.g. `awaiting_resolution`, `apology`, `wait_before_survey`.',
          },
          at: UTC_TIME,
          detail: { type: 'object', description: 'What the journey recorded with it (e.g. `until`).' },
        }),
      }),
    },
    ['journeyId', 'name', 'run', 'startedAt', 'triggeredBy'],
  ),
  CustomerList: object({
    customers: {
      type: 'array',
      description:
        'Latest activity first. In this listing each journey has `currentStep` (null before its first step is recorded).',
      items: ref('Customer'),
    },
    nextCursor: nullable({
      type: 'string',
      description: 'Pass as `cursor` for the next page; null on the last page.',
    }),
  }),
  LedgerEntry: object(
    {
      messageId: text,
      requestId: text,
      decision,
      reason: { type: 'string', description: reasonDescription },
      channel,
      category,
      campaign: text,
      priority: { type: 'integer', minimum: 0, maximum: 100 },
      decidedAt: UTC_TIME,
      sentAt: UTC_TIME,
      scheduledFor: UTC_TIME,
      policyVersion: { type: 'integer', minimum: 1 },
      channelChoice: {
        type: 'object',
        description:
          '`"channel": "auto"`: why this channel — `reason` (engagement | fallback_order | only_candidate | no_candidate), `scores` (human opens or clicks per message received, per channel), `messagesSeen`, `channelsSeen`, `candidates`, and `movedFrom`/`movedBecause` when the first choice was held back (docs/PERSONALIZATION.md).',
      },
      sendTime: {
        type: 'object',
        description:
          '`"sendAt": "optimal"`: why this hour — `at` (ISO), `reason` (optimal | no_history | explore | none_allowed), `hour` (of the week in the customer\'s zone, 0 = Monday 00:00), `score`, `customerWeight`, `engagements`.',
      },
      deliveredAt: {
        ...UTC_TIME,
        description: 'Engagement: the first time each happened (`engagement` events).',
      },
      openedAt: UTC_TIME,
      clickedAt: UTC_TIME,
      bouncedAt: UTC_TIME,
      bounce: { type: 'string', enum: ['hard', 'soft'], description: 'The worst bounce.' },
      complainedAt: UTC_TIME,
      unsubscribedAt: UTC_TIME,
      machineOpenedAt: { ...UTC_TIME, description: 'Opened by a privacy proxy or scanner, not a person.' },
      machineClickedAt: UTC_TIME,
    },
    [
      'messageId',
      'requestId',
      'decision',
      'reason',
      'channel',
      'category',
      'priority',
      'decidedAt',
      'policyVersion',
    ],
  ),
  Ledger: object({ contacts: { type: 'array', items: ref('LedgerEntry') } }),
  TimelineEvent: object(
    {
      kind: { const: 'event' },
      at: { ...UTC_TIME, description: 'When it occurred.' },
      eventId: text,
      type: { type: 'string', enum: [...EVENT_TYPES] },
      channel: { type: 'string', enum: [...EVENT_CHANNELS] },
      text,
      sentiment: object({
        score: { type: 'number', minimum: -1, maximum: 1 },
        label: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
      }),
      properties: freeObject,
      engagement: {
        ...object({ known: { type: 'boolean' }, counted: { type: 'boolean' }, machine: { type: 'boolean' } }),
        description:
          'Engagement events: whether the ledger knew the message, whether this was counted (the first of its messageId, action and url), and whether a machine did it.',
      },
      conversions: {
        type: 'array',
        description:
          'A goal event: each cohort entry it converted (docs/REPORTS.md), with the last message sent before it within that scope.',
        items: object(
          {
            goal: text,
            scope: { type: 'string', description: '`global`, `journey:NAME` or `campaign:NAME`.' },
            run: {
              type: 'integer',
              minimum: 1,
              description: 'The journey run it converted (journey scope).',
            },
            messageId: text,
          },
          ['goal', 'scope'],
        ),
      },
      topics: {
        type: 'array',
        description:
          "A spoken event: the topics of the policy's taxonomy it mentions, each with the sentiment of the clause that mentions it (docs/TOPICS.md).",
        items: object({ name: text, score: { type: 'number', minimum: -1, maximum: 1 } }, ['name', 'score']),
      },
    },
    ['kind', 'at', 'eventId', 'type', 'channel', 'properties'],
  ),
  TimelineDecision: object(
    {
      kind: { const: 'decision' },
      at: { ...UTC_TIME, description: 'When it was decided.' },
      messageId: text,
      requestId: text,
      decision,
      reason: { type: 'string', description: reasonDescription },
      trigger: {
        type: 'string',
        enum: ['request', 'scheduled_time', 'displaced', 'withdrawn', 'state_change', 'render_failed'],
      },
      channel,
      category,
      campaign: text,
      priority: { type: 'integer', minimum: 0, maximum: 100 },
      scheduledFor: UTC_TIME,
      policyVersion: { type: 'integer', minimum: 1 },
      inputs: {
        type: 'object',
        description:
          'The facts that mattered (caps and their counts, exclusions, consent, quiet hours, ...). `"channel": "auto"` adds `channelChoice` { channel, reason (engagement | fallback_order | only_candidate | no_candidate), scores, messagesSeen, channelsSeen, candidates, movedFrom?, movedBecause? }; `"sendAt": "optimal"` adds `sendTime` { at (epoch ms), reason (optimal | no_history | explore | none_allowed), hour (of the week, 0 = Monday 00:00), score, customerWeight, engagements } (docs/PERSONALIZATION.md).',
      },
    },
    [
      'kind',
      'at',
      'messageId',
      'requestId',
      'decision',
      'reason',
      'trigger',
      'channel',
      'category',
      'priority',
      'policyVersion',
      'inputs',
    ],
  ),
  TimelineDelivery: object(
    {
      kind: { const: 'delivery' },
      at: { ...UTC_TIME, description: 'When it was delivered, or last tried.' },
      messageId: text,
      status: { type: 'string', enum: ['delivered', 'failed'] },
      adapter: { type: 'string', enum: ['outbox', 'webhook', 'smtp'] },
      attempts: { type: 'integer', minimum: 0 },
      lastError: { type: 'string', description: 'Failed: why the adapter refused it.' },
    },
    ['kind', 'at', 'messageId', 'status', 'adapter', 'attempts'],
  ),
  TimelineJourneyStep: object({
    kind: { const: 'journey' },
    at: UTC_TIME,
    journeyId: text,
    journey: { type: 'string', description: 'The journey name.' },
    seq: {
      type: 'integer',
      minimum: 0,
      description: 'Orders steps of one journey recorded in the same millisecond.',
    },
    step: text,
    detail: freeObject,
  }),
  Timeline: object({
    customerId: text,
    entries: {
      type: 'array',
      description: 'Oldest first; the newest `limit` entries.',
      items: {
        oneOf: [
          ref('TimelineEvent'),
          ref('TimelineDecision'),
          ref('TimelineDelivery'),
          ref('TimelineJourneyStep'),
        ],
        discriminator: {
          propertyName: 'kind',
          mapping: {
            event: '#/components/schemas/TimelineEvent',
            decision: '#/components/schemas/TimelineDecision',
            delivery: '#/components/schemas/TimelineDelivery',
            journey: '#/components/schemas/TimelineJourneyStep',
          },
        },
      },
    },
  }),
  OutboxMessage: object(
    {
      messageId: text,
      requestId: text,
      channel,
      category,
      campaign: text,
      priority: { type: 'integer', minimum: 0, maximum: 100 },
      content: freeObject,
      recipient: {
        type: 'object',
        description: "The customer's address for the channel, as known when it was sent.",
      },
      status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
      adapter: { type: 'string', enum: ['outbox', 'webhook', 'smtp'] },
      attempts: { type: 'integer', minimum: 0 },
      lastError: text,
      providerMessageId: text,
      decidedAt: UTC_TIME,
      createdAt: UTC_TIME,
      deliveredAt: nullable(UTC_TIME),
    },
    [
      'messageId',
      'requestId',
      'channel',
      'category',
      'priority',
      'content',
      'recipient',
      'status',
      'adapter',
      'attempts',
      'decidedAt',
      'createdAt',
      'deliveredAt',
    ],
  ),
  Outbox: object({ messages: { type: 'array', items: ref('OutboxMessage') } }),
  SentimentMetrics: object(
    {
      from: { ...UTC_TIME, description: 'Start of the range, rounded down to the hour.' },
      to: { ...UTC_TIME, description: 'End of the range (exclusive), rounded up to the hour.' },
      bucket: { type: 'string', enum: ['hour', 'day'] },
      channel: nullable({ type: 'string', enum: [...EVENT_CHANNELS] }),
      ...netSentiment,
      series: sentimentSeries,
      channels: {
        type: 'object',
        description:
          'Only with `groupBy=channel`: each channel that had a scored event in the range (of `channel` alone when given), with its own figures and series.',
        additionalProperties: object({ ...netSentiment, series: sentimentSeries }),
      },
    },
    ['from', 'to', 'bucket', 'channel', ...Object.keys(netSentiment), 'series'],
  ),
  TopicMetrics: object({
    from: { ...UTC_TIME, description: 'Start of the range, rounded down to the hour.' },
    to: { ...UTC_TIME, description: 'End of the range (exclusive), rounded up to the hour.' },
    channel: nullable({ type: 'string', enum: [...EVENT_CHANNELS] }),
    nss: {
      ...nss,
      description:
        'The workspace’s NSS over every scored event of the range (of the channel); `null` when none was scored.',
    },
    scored: { ...count, description: 'Scored events in the range (of the channel).' },
    topics: {
      type: 'array',
      description: 'Most negative mentions first, then by name.',
      items: object(
        {
          name: text,
          definition: { ...text, description: 'The policy rule’s; absent when it has none or is gone.' },
          mentions: {
            ...count,
            description: 'Events that mention the topic, each labelled by the sentiment of its clause.',
          },
          positive: count,
          negative: count,
          neutral: count,
          nss: { ...nss, description: 'NSS of the mentions; `null` without any.' },
          previous: {
            ...object({ mentions: count, nss }),
            description: 'The same over the period of equal length just before `from`.',
          },
          negativeShare: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'This topic’s negative mentions / every topic’s negative mentions (0 when none).',
          },
          nssWithout: {
            ...nss,
            description:
              'The workspace’s NSS without the events that mention the topic; `null` when none is left.',
          },
          impact: {
            ...nullable({ type: 'number', minimum: -200, maximum: 200 }),
            description:
              '`nssWithout − nss`: the points the workspace’s NSS would gain without the topic’s events (negative: the topic lifts it).',
          },
        },
        [
          'name',
          'mentions',
          'positive',
          'negative',
          'neutral',
          'nss',
          'previous',
          'negativeShare',
          'nssWithout',
          'impact',
        ],
      ),
    },
  }),
  SurveyMetrics: object({
    from: { ...UTC_TIME, description: 'Start of the range, rounded down to the hour.' },
    to: { ...UTC_TIME, description: 'End of the range (exclusive), rounded up to the hour.' },
    bucket: { type: 'string', enum: ['hour', 'day'] },
    channel: nullable({ type: 'string', enum: [...EVENT_CHANNELS] }),
    journey: { ...nullable(text), description: 'The journey asked for (`-`: surveys of no journey).' },
    ...surveyKpis.properties,
    nss: {
      ...object({
        scored: { ...count, description: 'Events scored for sentiment in the range (of the channel).' },
        nss: netSentiment.nss,
      }),
      description: 'Net sentiment beside the surveys: of the channel asked for, every journey.',
    },
    byChannel: { type: 'object', additionalProperties: surveyKpis },
    byJourney: {
      type: 'object',
      additionalProperties: surveyKpis,
      description: 'Per journey the surveys are attributed to; `-`: none.',
    },
    series: {
      type: 'array',
      description: 'Sparse, in time order: a bucket without any counted survey is absent.',
      items: object({
        bucket: { ...UTC_TIME, description: 'The start of the UTC hour or day.' },
        ...surveyKpis.properties,
      }),
    },
  }),
  UpliftReport: object({
    scope: { type: 'string', description: '`global`, `journey:NAME` or `campaign:NAME`.' },
    goal: text,
    from: { ...UTC_TIME, description: 'Start of the range, rounded down to the hour.' },
    to: { ...UTC_TIME, description: 'End of the range (exclusive), rounded up to the hour.' },
    treatment: upliftArm,
    control: upliftArm,
    absoluteLift: lift('Treatment rate − control rate (Newcombe’s hybrid score interval).'),
    relativeLift: lift(
      'Treatment rate / control rate − 1 (delta method on the log ratio); `ci95` null when a rate is 0.',
    ),
    pValue: {
      ...nullable({ type: 'number', minimum: 0, maximum: 1 }),
      description: 'Pooled two-proportion z-test, two-sided.',
    },
    incrementalConversions: { ...nullableNumber, description: 'Absolute lift × treatment customers.' },
    significant: { type: 'boolean', description: 'The absolute lift’s 95 % interval excludes 0.' },
  }),
  FunnelReport: object({
    journey: text,
    from: UTC_TIME,
    to: UTC_TIME,
    arms: object({ treatment: funnelArm, control: funnelArm }),
  }),
  ContactPressure: object({
    from: UTC_TIME,
    to: UTC_TIME,
    bucket: { type: 'string', enum: ['hour', 'day'] },
    sent: count,
    suppressed: {
      type: 'object',
      additionalProperties: count,
      description: 'Suppressions by reason (`holdout`, `frequency_cap:<cap name>`, …).',
    },
    scheduled: { ...count, description: 'Deferrals decided.' },
    byChannel: { type: 'object', additionalProperties: decisionCounts },
    byCategory: { type: 'object', additionalProperties: decisionCounts },
    marketingPerCustomer: {
      ...object({ p50: perCustomer, p90: perCustomer, max: perCustomer }),
      description:
        'Marketing messages a customer was sent in a UTC day, over the customer-days with at least one (whole days: the first and last day of the range count whole).',
    },
    series: {
      type: 'array',
      description: 'Sparse, in time order: a bucket without any decision is absent.',
      items: object({
        bucket: { ...UTC_TIME, description: 'The start of the UTC hour or day.' },
        sent: count,
        suppressed: count,
        scheduled: count,
      }),
    },
  }),
  FeedDecision: object(
    {
      id: {
        type: 'string',
        description:
          'The decision’s own id (`messageId:decidedAt:trigger`). A decision appears once per answer and per stream connection; a client joining pages or reconnecting drops ids it already has.',
      },
      position: {
        type: 'string',
        pattern: '^[1-9][0-9]*\\.[0-9]+$',
        description: 'Where it is in the feed (`entry.index`): a `before` cursor.',
      },
      customerId: text,
      messageId: text,
      decision,
      reason: { type: 'string', description: reasonDescription },
      channel,
      category,
      campaign: text,
      trigger: {
        type: 'string',
        enum: ['request', 'scheduled_time', 'displaced', 'withdrawn', 'state_change', 'render_failed'],
      },
      journey: { type: 'string', description: 'The journey whose request it was, if a journey’s.' },
      decidedAt: UTC_TIME,
      scheduledFor: UTC_TIME,
      policyVersion: { type: 'integer', minimum: 1 },
    },
    [
      'id',
      'customerId',
      'messageId',
      'decision',
      'reason',
      'channel',
      'category',
      'trigger',
      'decidedAt',
      'policyVersion',
    ],
  ),
  DecisionPage: object({
    decisions: {
      type: 'array',
      description: 'Newest recorded first, across customers; each with its `position`.',
      items: { allOf: [ref('FeedDecision'), { required: ['position'] }] },
    },
    nextBefore: {
      ...nullable({ type: 'string', pattern: '^[1-9][0-9]*(\\.[0-9]+)?$' }),
      description: 'Send as `before` for older decisions; `null`: the walk reached the start of the feed.',
    },
    truncated: {
      type: 'boolean',
      description:
        'True when the walk back stopped at its bound (100 feed entries or 5,000 decisions) before it found `limit` that match: `nextBefore` goes on from where it stopped.',
    },
    head: {
      ...count,
      description:
        'The newest feed entry when this was read: send it as `Last-Event-ID` to `GET /v1/decisions/stream` to follow on without a gap.',
    },
  }),
  AlertList: object({
    alerts: {
      type: 'array',
      description: 'Newest opened first: one per incident, not one per hour it lasted.',
      items: object(
        {
          id: {
            type: 'string',
            description: 'Unique in the workspace: `<kind>:<topic or workspace>:<opening hour>`.',
          },
          kind: { type: 'string', enum: ['nss_drop', 'topic_spike'] },
          topic: { type: 'string', description: 'The topic whose negative mentions spiked (`topic_spike`).' },
          openedAt: { ...UTC_TIME, description: 'The first hour the rule fired (its start).' },
          closedAt: { ...UTC_TIME, description: 'The first hour it no longer fired; absent while open.' },
          status: { type: 'string', enum: ['open', 'closed'] },
          title: text,
          detail: object(
            {
              value: {
                type: 'number',
                description:
                  'NSS in points (`nss_drop`) or negative mentions (`topic_spike`) over the window to the opening hour.',
              },
              mean: {
                type: 'number',
                description: 'The mean of the same metric over the baseline, per window.',
              },
              sd: { type: 'number', description: 'Its standard deviation, floored (docs/ALERTS.md).' },
              threshold: {
                type: 'number',
                description: 'mean − sigma·sd (`nss_drop`) or mean + sigma·sd (`topic_spike`).',
              },
              mentions: {
                ...count,
                description: 'Scored events (`nss_drop`) or negative mentions (`topic_spike`) in the window.',
              },
              window: text,
              baseline: text,
              examples: {
                type: 'array',
                maxItems: 3,
                description: 'Up to three negative verbatims of the window, most negative first.',
                items: object({ eventId: text, text, score: { type: 'number' } }),
              },
              team: { type: 'string', description: 'The team whose webhook it went to (policy `teams`).' },
            },
            ['value', 'mean', 'sd', 'threshold', 'mentions', 'window', 'baseline', 'examples'],
          ),
        },
        ['id', 'kind', 'openedAt', 'status', 'title', 'detail'],
      ),
    },
  }),
  Health: object({ status: { const: 'ok' } }),
  Ready: object({
    status: { const: 'ready' },
    checks: { type: 'object', additionalProperties: { const: 'ok' } },
  }),
};
