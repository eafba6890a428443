import { isTrackableUrl } from './trackingClaims';

/** A message as it is about to go out: the parts links are rewritten in. */
export interface MessageParts {
  subject?: string;
  /** Plain text: email's text part, an SMS, a push notification. */
  text?: string;
  html?: string;
}

export interface LinkTracking {
  /** Where the API's tracking routes are reachable (TUTTI_PUBLIC_URL), without a trailing slash. */
  base: string;
  /** The tracking URL for a click on `url` (an http(s) URL the message holds). */
  click: (url: string) => string;
  /** The open pixel's URL; none: no pixel (SMS, push, or an email without HTML). */
  openPixel?: string;
}

/**
 * The message with its links tracked (docs/TRACKING.md): each http(s) link becomes the tracking URL of a
 * click on it, and HTML gets the open pixel. Only absolute http(s) URLs are rewritten: `mailto:`, `tel:`,
 * anchors (`#top`), relative and other links stay as they are, as do links that are tracked already (a
 * message tracked twice does not wrap its links twice) and links too long to carry in a token. The subject
 * is never touched: nothing in it can be clicked.
 *
 * HTML is rewritten at the `href` attribute of each `<a>` start tag, found with a pattern that knows quoted
 * attribute values (so `title="a > b"` does not end the tag) and any case (`<A HREF=...>`). That is all
 * email HTML needs; it is not a parser, and does not have to be: nothing but `href` values of `<a>` tags is
 * changed, and a tag it does not recognise is left alone, untracked, never broken.
 */
export function rewriteLinks(parts: MessageParts, tracking: LinkTracking): MessageParts {
  const track = (url: string): string | undefined =>
    isTrackableUrl(url) && !isTracked(url, tracking.base) ? tracking.click(url) : undefined;
  return {
    ...parts,
    ...(parts.text !== undefined ? { text: rewriteTextLinks(parts.text, track) } : {}),
    ...(parts.html !== undefined
      ? { html: withOpenPixel(rewriteHtmlLinks(parts.html, track), tracking.openPixel) }
      : {}),
  };
}

/** A URL that already points at the tracking routes. */
export function isTracked(url: string, base: string): boolean {
  return url.toLowerCase().startsWith(`${base.toLowerCase()}/t/`);
}

type Track = (url: string) => string | undefined;

/** `<a` start tags, with quoted attribute values (which may hold `>`) taken whole. */
const ANCHOR_TAG = /<a(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** The href attribute of a start tag: double-, single- or un-quoted. */
const HREF_ATTRIBUTE = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

export function rewriteHtmlLinks(html: string, track: Track): string {
  return html.replace(ANCHOR_TAG, (tag) =>
    tag.replace(HREF_ATTRIBUTE, (attribute, prefix: string, dq?: string, sq?: string, bare?: string) => {
      const raw = dq ?? sq ?? bare ?? '';
      // The browser follows the decoded value (`&amp;` is `&`): that is the URL the reader meant to visit.
      const tracked = track(decodeEntities(raw.trim()));
      return tracked === undefined ? attribute : `${prefix}"${escapeAttribute(tracked)}"`;
    }),
  );
}

/** http(s) URLs in plain text, up to whitespace or a character that cannot be part of one. */
const TEXT_URL = /\bhttps?:\/\/[^\s<>"]+/gi;

export function rewriteTextLinks(text: string, track: Track): string {
  return text.replace(TEXT_URL, (match) => {
    const url = withoutTrailingPunctuation(match);
    const tracked = track(url);
    return tracked === undefined ? match : `${tracked}${match.slice(url.length)}`;
  });
}

/**
 * "See https://shop.example/a." means https://shop.example/a: sentence punctuation and a closing bracket
 * after a URL belong to the text, unless the bracket closes one the URL opened (Wikipedia's `Foo_(bar)`).
 */
export function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (".,;:!?'*".includes(last)) {
      end -= 1;
      continue;
    }
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    const open = pairs[last];
    if (open !== undefined) {
      const kept = url.slice(0, end);
      if (count(kept, open) < count(kept, last)) {
        end -= 1;
        continue;
      }
    }
    return url.slice(0, end);
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The open pixel goes last in the body, where it does not shift the layout. */
function withOpenPixel(html: string, pixel: string | undefined): string {
  if (pixel === undefined) return html;
  const img = `<img src="${escapeAttribute(pixel)}" width="1" height="1" alt="">`;
  const close = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return close === -1 ? `${html}${img}` : `${html.slice(0, close)}${img}${html.slice(close)}`;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(value: string): string {
  return value.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|amp|quot|apos|lt|gt);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[lower] ?? entity;
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
