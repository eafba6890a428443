import { z } from 'zod';
import { incomingEventSchema, MAX_EVENTS_PER_BATCH } from '../../domain/events/eventSchema';
import { policyBodySchema } from '../../domain/policy/policySchema';
import { contactRequestSchema } from '../contacts/contactRequestSchema';

/**
 * The OpenAPI 3.1 description of HTTP API v1 (DESIGN.md), served at `GET /openapi.json` and rendered at
 * `GET /docs`. Request bodies come from the same zod schemas the routes validate with, so the document
 * cannot drift from what the API accepts.
 */
export function openApiDocument(): Record<string, unknown> {
  const fromZod = (schema: z.ZodType) => {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    return rest;
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const problem = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: ref('Problem') } },
  });
  const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });
  const customerId = {
    name: 'customerId',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:@+-]{1,128}$' },
  };
  const limit = (max: number) => ({
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: max },
  });
  const common = {
    '401': problem('No or unknown API key.'),
    '400': problem('Invalid input: `errors` names each field and why.'),
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tutti HTTP API',
      version: '1',
      description:
        'Events in, contact decisions out. Every route under /v1 needs `Authorization: Bearer <api key>`; a key sees only its workspace. Errors are application/problem+json (RFC 9457).',
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary: 'Send one event, or a batch',
          description: `One event, or \`{ "events": [...] }\` with at most ${MAX_EVENTS_PER_BATCH}. The event id is the idempotency key: the same id again is counted as a duplicate and changes nothing. Valid events of a batch are taken even when others are rejected.`,
          requestBody: {
            required: true,
            content: json({
              oneOf: [
                ref('Event'),
                {
                  type: 'object',
                  required: ['events'],
                  properties: {
                    events: { type: 'array', maxItems: MAX_EVENTS_PER_BATCH, items: ref('Event') },
                  },
                },
              ],
            }),
          },
          responses: {
            '202': ok('Accepted', {
              type: 'object',
              required: ['accepted', 'duplicates'],
              properties: {
                accepted: { type: 'integer' },
                duplicates: { type: 'integer' },
                rejected: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { index: { type: 'integer' }, errors: { type: 'array' } },
                  },
                },
              },
            }),
            '503': problem('Some customers could not be reached: send the same request again.'),
            ...common,
          },
        },
      },
      '/v1/customers': {
        get: {
          summary: 'Customers at risk',
          parameters: [
            { name: 'atRisk', in: 'query', required: true, schema: { const: 'true' } },
            limit(1000),
          ],
          responses: {
            '200': ok('Customers with open cases or negative or declining sentiment', {
              type: 'object',
              properties: { customers: { type: 'array', items: ref('Customer') } },
            }),
            ...common,
          },
        },
      },
      '/v1/customers/{customerId}': {
        get: {
          summary: 'A customer',
          parameters: [customerId],
          responses: {
            '200': ok('The customer as their workflow last projected them', ref('Customer')),
            '404': problem('No such customer in this workspace yet.'),
            ...common,
          },
        },
      },
      '/v1/customers/{customerId}/contact-requests': {
        post: {
          summary: 'Ask whether a message may go out: now, later or never',
          description:
            'Decided by the customer workflow (caps, quiet hours, exclusions, priority). The same request id gets the same answer. Ids starting with `journey:` are reserved.',
          parameters: [customerId],
          requestBody: { required: true, content: json(ref('ContactRequest')) },
          responses: { '200': ok('The decision', ref('ContactAnswer')), ...common },
        },
      },
      '/v1/customers/{customerId}/ledger': {
        get: {
          summary: "The customer's contact ledger, newest first",
          parameters: [customerId, limit(1000)],
          responses: {
            '200': ok('Every message with its latest decision', {
              type: 'object',
              properties: { contacts: { type: 'array', items: { type: 'object' } } },
            }),
            ...common,
          },
        },
      },
      '/v1/customers/{customerId}/timeline': {
        get: {
          summary: 'Events, decisions and journey steps, in time order',
          parameters: [customerId, limit(1000)],
          responses: {
            '200': ok('The story', {
              type: 'object',
              properties: {
                customerId: { type: 'string' },
                entries: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['kind', 'at'],
                    properties: { kind: { enum: ['event', 'decision', 'journey'] }, at: { type: 'string' } },
                  },
                },
              },
            }),
            ...common,
          },
        },
      },
      '/v1/customers/{customerId}/outbox': {
        get: {
          summary: 'Messages handed to delivery, newest first',
          parameters: [customerId, limit(1000)],
          responses: { '200': ok('Deliveries', { type: 'object' }), ...common },
        },
      },
      '/v1/customers/{customerId}/consent': {
        put: {
          summary: 'Opt a channel in or out',
          parameters: [customerId],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['channel', 'status'],
              properties: { channel: { type: 'string' }, status: { enum: ['opted_in', 'opted_out'] } },
            }),
          },
          responses: { '202': ok('Recorded as a consent event', { type: 'object' }), ...common },
        },
      },
      '/v1/customers/{customerId}/cases/{caseId}/resolve': {
        post: {
          summary: 'Resolve a service case',
          parameters: [
            customerId,
            { name: 'caseId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '202': ok('Recorded as a case_resolved event', { type: 'object' }), ...common },
        },
      },
      '/v1/metrics/sentiment': {
        get: {
          summary: 'Net sentiment score and its series',
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'channel', in: 'query', schema: { type: 'string' } },
            { name: 'bucket', in: 'query', schema: { enum: ['hour', 'day'] } },
          ],
          responses: {
            '200': ok('NSS = %positive − %negative', {
              type: 'object',
              properties: {
                nss: { type: 'number' },
                positive: { type: 'integer' },
                negative: { type: 'integer' },
                neutral: { type: 'integer' },
                series: { type: 'array', items: { type: 'object' } },
              },
            }),
            ...common,
          },
        },
      },
      '/v1/policy': {
        get: {
          summary: 'The policy document in force',
          responses: { '200': ok('The current version', ref('PolicyDocument')), ...common },
        },
        put: {
          summary: 'Publish the next policy version (admin key)',
          requestBody: { required: true, content: json(ref('PolicyBody')) },
          responses: {
            '200': ok('Stored as the next version', ref('PolicyDocument')),
            '403': problem('Not an admin key.'),
            ...common,
          },
        },
      },
      '/healthz': {
        get: { summary: 'Process up', security: [], responses: { '200': { description: 'Up' } } },
      },
      '/readyz': {
        get: {
          summary: 'Temporal and MongoDB reachable',
          security: [],
          responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [],
          responses: { '200': { description: 'Metrics' } },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Event: fromZod(incomingEventSchema),
        ContactRequest: fromZod(contactRequestSchema),
        PolicyBody: fromZod(policyBodySchema),
        PolicyDocument: {
          allOf: [
            ref('PolicyBody'),
            { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } },
          ],
        },
        ContactAnswer: {
          type: 'object',
          required: ['requestId', 'decision', 'reason', 'policyVersion'],
          properties: {
            requestId: { type: 'string' },
            decision: { enum: ['sent', 'scheduled', 'suppressed'] },
            reason: {
              type: 'string',
              description:
                'ok, frequency_cap:<cap>, lower_priority, quiet_hours, not_before, disruption, open_case, negative_sentiment, opted_out, expired, duplicate, withdrawn, journey_ended',
            },
            messageId: { type: 'string' },
            scheduledFor: { type: 'string', format: 'date-time' },
            policyVersion: { type: 'integer' },
          },
        },
        Customer: {
          type: 'object',
          properties: {
            customerId: { type: 'string' },
            traits: { type: 'object' },
            sentiment: {
              type: 'object',
              properties: {
                score: { type: 'number' },
                label: { enum: ['positive', 'negative', 'neutral'] },
                trend: { type: 'string' },
                lastAt: { type: ['string', 'null'] },
              },
            },
            openCases: { type: 'array', items: { type: 'object' } },
            activeJourneys: { type: 'array', items: { type: 'string' } },
            journeys: { type: 'array', items: { type: 'object' } },
            consent: { type: 'object' },
            counts: { type: 'object' },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
