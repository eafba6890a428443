import type { ContactRequest } from './types';
import { CATEGORIES, CHANNELS } from './types';

/**
 * What is wrong with a contact request, for the workflow's update validator: it must be synchronous and
 * cheap, and it guards the workflow against callers other than our API (which validates with zod first).
 */
export function contactRequestProblems(request: ContactRequest): string[] {
  const problems: string[] = [];
  if (typeof request?.id !== 'string' || request.id.length === 0 || request.id.length > 128) {
    problems.push('id must be a string of 1–128 characters');
  }
  if (!(CHANNELS as readonly string[]).includes(request?.channel))
    problems.push(`channel must be one of ${CHANNELS.join(', ')}`);
  if (!(CATEGORIES as readonly string[]).includes(request?.category)) {
    problems.push(`category must be one of ${CATEGORIES.join(', ')}`);
  }
  if (!Number.isInteger(request?.priority) || request.priority < 0 || request.priority > 100) {
    problems.push('priority must be an integer from 0 to 100');
  }
  for (const field of ['notBefore', 'expiresAt'] as const) {
    const value = request?.[field];
    if (value !== undefined && !Number.isFinite(value)) problems.push(`${field} must be epoch milliseconds`);
  }
  return problems;
}
