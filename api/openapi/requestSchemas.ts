import { z } from 'zod';
import { incomingEventSchema } from '../../domain/events/eventSchema';
import { policyBodySchema, policyDocumentSchema } from '../../domain/policy/policySchema';
import { contactRequestSchema } from '../contacts/contactRequestSchema';
import { CLOCK_TIME_PATTERN, DATE_TIME_PATTERN, DURATION_PATTERN } from './formats';

type JsonSchema = Record<string, unknown>;

/**
 * Request bodies (and the policy document) from the same zod schemas the routes validate with, so the document
 * cannot drift from what the API accepts. What zod cannot export — checks written as refinements — is added
 * by path below; a path that no longer exists throws, so a renamed field cannot silently lose its format.
 */
export function requestSchemas(): Record<string, JsonSchema> {
  const event = fromZod(incomingEventSchema, 'input');
  withPattern(event, ['occurredAt'], DATE_TIME_PATTERN);

  const contactRequest = fromZod(contactRequestSchema, 'input');
  withPattern(contactRequest, ['notBefore'], DATE_TIME_PATTERN);
  withPattern(contactRequest, ['expiresAt'], DATE_TIME_PATTERN);

  const policyBody = fromZod(policyBodySchema, 'input');
  const policyDocument = fromZod(policyDocumentSchema, 'output');
  for (const policy of [policyBody, policyDocument]) policyFormats(policy);

  return {
    Event: event,
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

/** Sets `pattern` on the string property at `path` (`[]` steps into array items). */
function withPattern(schema: JsonSchema, path: string[], pattern: string): void {
  let node: JsonSchema | undefined = schema;
  for (const step of path) {
    node =
      step === '[]'
        ? (node?.items as JsonSchema | undefined)
        : ((node?.properties as Record<string, JsonSchema> | undefined)?.[step] ?? undefined);
  }
  if (node?.type !== 'string') {
    throw new Error(
      `api/openapi/requestSchemas.ts: no string field at ${path.join('.')} to give the pattern ${pattern}`,
    );
  }
  node.pattern = pattern;
}
