import type { Category, Channel } from '../contact/types';
import { CATEGORIES, CHANNELS } from '../contact/types';

/**
 * What a tracking link is for (docs/TRACKING.md): a click on one of the message's links, the open pixel of an
 * HTML email, or the message's unsubscribe link.
 */
export const TRACKING_KINDS = ['click', 'open', 'unsubscribe'] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

/**
 * What a signed tracking token says. Everything the API needs to record the hit is in it, so a hit costs no
 * read at all (no lookup FerretDB would scan for): the workspace and customer whose workflow gets the
 * engagement, the message, its channel and category (an unsubscribe opts out of that category), and for a
 * click the exact URL the message had, which is the only place the click may redirect to.
 */
export interface TrackingClaims {
  workspace: string;
  customerId: string;
  messageId: string;
  channel: Channel;
  category: Category;
  kind: TrackingKind;
  /** `click` only: the original URL, http or https. */
  url?: string;
}

/**
 * Links longer than this are left as they are, untracked: a token carries its URL, and the tracking URL must
 * stay well under what the API reads (8 KiB) and what mail clients and SMS gateways pass on.
 */
export const MAX_TRACKED_URL_LENGTH = 2048;

/** Workspace, customer and message ids are bounded by the API already; this bounds a token's claims as a whole. */
const MAX_ID_LENGTH = 256;

/** A URL a click may be tracked for, and so redirected to: absolute http(s), bounded, no whitespace. */
export function isTrackableUrl(url: string): boolean {
  if (url.length === 0 || url.length > MAX_TRACKED_URL_LENGTH) return false;
  if (!/^https?:\/\/[^\s/?#]/i.test(url) || hasControlOrSpace(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** Whitespace or a control character: never part of a URL as written in a message. */
function hasControlOrSpace(url: string): boolean {
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || /\s/.test(url[i])) return true;
  }
  return false;
}

const KIND_CODES: Record<TrackingKind, string> = { click: 'c', open: 'o', unsubscribe: 'u' };

/** The claims as the token's payload carries them: short keys, since the token travels in every link. */
export function compactClaims(claims: TrackingClaims): Record<string, string | number> {
  return {
    v: 1,
    w: claims.workspace,
    c: claims.customerId,
    m: claims.messageId,
    h: claims.channel,
    g: claims.category,
    k: KIND_CODES[claims.kind],
    ...(claims.kind === 'click' && claims.url !== undefined ? { u: claims.url } : {}),
  };
}

/**
 * The claims of a payload, checked field by field; undefined for anything else. A token's signature is
 * checked before this, so a payload that is not well formed here is a bug of ours or an old version.
 */
export function claimsOfCompact(value: unknown): TrackingClaims | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { v, w, c, m, h, g, k, u } = value as Record<string, unknown>;
  const id = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_ID_LENGTH;
  if (v !== 1 || !id(w) || !id(c) || !id(m)) return undefined;
  if (!(CHANNELS as readonly unknown[]).includes(h) || !(CATEGORIES as readonly unknown[]).includes(g)) {
    return undefined;
  }
  const kind = (Object.keys(KIND_CODES) as TrackingKind[]).find((name) => KIND_CODES[name] === k);
  if (kind === undefined) return undefined;
  if (kind === 'click' && (typeof u !== 'string' || !isTrackableUrl(u))) return undefined;
  if (kind !== 'click' && u !== undefined) return undefined;
  return {
    workspace: w,
    customerId: c,
    messageId: m,
    channel: h as Channel,
    category: g as Category,
    kind,
    ...(kind === 'click' ? { url: u as string } : {}),
  };
}
