/** What can happen to a customer, as the events API names it. */
export const EVENT_TYPES = [
  'message',
  'survey',
  'purchase',
  'cart_updated',
  'cart_abandoned',
  'browse',
  'disruption',
  'case_resolved',
  'identify',
  'consent',
  'engagement',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where an event came from. */
export const EVENT_CHANNELS = [
  'email',
  'sms',
  'push',
  'chat',
  'phone',
  'social',
  'review',
  'web',
  'app',
  'store',
  'ops',
] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** Event types whose `text` is the customer speaking, and so is scored for sentiment. */
export const SPOKEN_EVENT_TYPES: readonly EventType[] = ['message', 'survey'];
