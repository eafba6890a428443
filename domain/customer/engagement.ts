import type { Category, Channel } from '../contact/types';
import { CHANNELS, MARKETING_CATEGORIES } from '../contact/types';
import type { CustomerEvent } from '../events/customerEvent';
import type { EngagementProperties, EngagementRecord } from '../events/engagement';
import { engagementPropertiesOf } from '../events/engagement';
import type { ConsentRecord, CustomerState, CustomerTraits, EngagementCounts } from './customerState';

/**
 * Engagement: what a message did (docs/DESIGN.md, "Engagement and conversions"), folded into the customer's
 * state. Pure. Each (messageId, action, url) is counted once, machine opens and clicks apart from people's; its
 * effects (a hard bounce, a complaint, an unsubscribe) apply the first time it is seen, so a provider
 * re-sending an old bounce after the customer gave a new address changes nothing.
 */

/**
 * How many engagement keys the state remembers to count each once: re-sends come within hours, not months.
 * Each key is under 200 characters (a click's url enters it hashed), so the state carried across
 * continue-as-new grows by at most some 200 KB.
 */
export const ENGAGEMENT_KEYS_KEPT = 1000;

/** Which trait holds a channel's address: an `identify` that changes it makes a bounced channel reachable. */
export const ADDRESS_TRAITS: Partial<Record<Channel, string>> = {
  email: 'email',
  sms: 'phone',
  push: 'pushToken',
};

/** What the customer's ledger knows of a message it sent. */
export interface SentMessage {
  channel: Channel;
  category: Category;
}

export type SentMessageLookup = (messageId: string) => SentMessage | undefined;

/** One engagement event as the workflow applies and records it. */
export interface EngagementFacts extends EngagementProperties {
  /** The channel its effects concern: the message's, else the event's own when it is a contact channel. */
  channel?: Channel;
  /** The ledger knows the message as one this customer was sent. Unknown ones are kept, flagged, and not counted. */
  known: boolean;
  /** The first of its (messageId, action, url, machine): its effects apply; a repeat changes nothing. */
  first: boolean;
  /** The first, of a known message: counted in every metric. */
  counted: boolean;
  /** An open or click by a machine: kept, and counted apart from people's. */
  machine: boolean;
}

export function engagementRecordOf(facts: EngagementFacts, at: string): EngagementRecord {
  return {
    messageId: facts.messageId,
    action: facts.action,
    at,
    ...(facts.action === 'clicked' && facts.url !== undefined ? { url: facts.url } : {}),
    ...(facts.action === 'bounced' ? { bounce: facts.bounce ?? 'soft' } : {}),
    machine: facts.machine,
    known: facts.known,
    counted: facts.counted,
  };
}

/**
 * What makes an engagement the same as another: (messageId, action, url) as the contract says, machine ones
 * apart, and an unsubscribe's category (leaving a newsletter, then everything, through one message is two).
 */
export function engagementKey(p: EngagementProperties): string {
  const url = p.action === 'clicked' ? urlHash(p.url ?? '') : '';
  const category = p.action === 'unsubscribed' ? (p.category ?? '') : '';
  return JSON.stringify([p.messageId, p.action, url, isMachine(p), category]);
}

/** `machine` speaks of opens and clicks only; a bounce or an unsubscribe is what it is. */
function isMachine(p: EngagementProperties): boolean {
  return p.machine === true && (p.action === 'opened' || p.action === 'clicked');
}

/** What an engagement event is about, against the customer's state and ledger; undefined for other events. */
export function engagementFacts(
  state: CustomerState,
  event: CustomerEvent,
  sentMessage: SentMessageLookup,
): EngagementFacts | undefined {
  if (event.type !== 'engagement') return undefined;
  const props = engagementPropertiesOf(event.properties);
  if (!props) return undefined;
  const message = sentMessage(props.messageId);
  const channel =
    message?.channel ?? ((CHANNELS as readonly string[]).includes(event.channel) ? event.channel : undefined);
  const first = !(state.engagement?.seen ?? []).includes(engagementKey(props));
  return {
    ...props,
    ...(channel ? { channel: channel as Channel } : {}),
    known: message !== undefined,
    first,
    counted: first && message !== undefined,
    machine: isMachine(props),
  };
}

/**
 * The state after one engagement. Counting needs a known message; the effects do not: an unsubscribe or a
 * complaint about a message older than the ledger remembers is still the customer's word (applied on the
 * event's channel). Only the first of each key has effects.
 */
export function applyEngagement(state: CustomerState, facts: EngagementFacts, at: string): CustomerState {
  if (!facts.first) return state;
  const engagement = state.engagement ?? { seen: [], counts: {} };
  const keys = [...engagement.seen, engagementKey(facts)];
  const counter = facts.machine ? (`machine_${facts.action}` as keyof EngagementCounts) : facts.action;
  const next: CustomerState = {
    ...state,
    engagement: {
      seen: keys.slice(Math.max(0, keys.length - ENGAGEMENT_KEYS_KEPT)),
      counts: facts.counted
        ? { ...engagement.counts, [counter]: (engagement.counts[counter] ?? 0) + 1 }
        : engagement.counts,
    },
  };
  if (facts.channel === undefined) return next;
  const channel = facts.channel;
  switch (facts.action) {
    case 'bounced':
      if (facts.bounce !== 'hard') return next;
      return {
        ...next,
        unreachable: {
          ...next.unreachable,
          [channel]: { since: at, messageId: facts.messageId, ...addressOf(next.traits, channel) },
        },
      };
    case 'complained':
      return withCategoryConsent(next, channel, MARKETING_CATEGORIES, { status: 'opted_out', at });
    case 'unsubscribed':
      if (facts.category !== undefined) {
        return withCategoryConsent(next, channel, [facts.category], { status: 'opted_out', at });
      }
      return { ...next, consent: { ...next.consent, [channel]: { status: 'opted_out', at } } };
    default:
      return next;
  }
}

/**
 * After an `identify`: a bounced channel whose address trait now holds another address is reachable again.
 * The same address given again changes nothing.
 */
export function reachableAgainAfterIdentify(state: CustomerState, traits: CustomerTraits): CustomerState {
  if (state.unreachable === undefined) return state;
  const unreachable = { ...state.unreachable };
  let changed = false;
  for (const [channel, record] of Object.entries(state.unreachable)) {
    const trait = ADDRESS_TRAITS[channel as Channel];
    if (!record || trait === undefined) continue;
    const address = traits[trait];
    if (typeof address === 'string' && address !== record.address) {
      delete unreachable[channel];
      changed = true;
    }
  }
  return changed ? { ...state, unreachable } : state;
}

/**
 * After a `consent` event: opting in on a channel makes it reachable again and lifts its category opt-outs
 * (the customer's newest word on the whole channel); one about a category changes that category only.
 */
export function applyConsentScope(
  state: CustomerState,
  channel: string,
  record: ConsentRecord,
  category: Category | undefined,
): CustomerState {
  if (category !== undefined) return withCategoryConsent(state, channel, [category], record);
  const next: CustomerState = { ...state, consent: { ...state.consent, [channel]: record } };
  if (record.status !== 'opted_in') return next;
  if (next.unreachable?.[channel]) {
    const { [channel]: _lifted, ...rest } = next.unreachable;
    next.unreachable = rest;
  }
  if (next.categoryConsent?.[channel]) {
    const { [channel]: _lifted, ...rest } = next.categoryConsent;
    next.categoryConsent = rest;
  }
  return next;
}

function withCategoryConsent(
  state: CustomerState,
  channel: string,
  categories: readonly Category[],
  record: ConsentRecord,
): CustomerState {
  const current = state.categoryConsent?.[channel] ?? {};
  const updated = { ...current, ...Object.fromEntries(categories.map((c) => [c, record])) };
  return { ...state, categoryConsent: { ...state.categoryConsent, [channel]: updated } };
}

function addressOf(traits: CustomerTraits, channel: Channel): { address?: string } {
  const trait = ADDRESS_TRAITS[channel];
  const address = trait === undefined ? undefined : traits[trait];
  return typeof address === 'string' ? { address } : {};
}

/** A click's url in its key: FNV-1a (32 bits) and the length, since a url may be 16 KiB long. */
function urlHash(url: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    hash ^= url.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}:${url.length}`;
}
