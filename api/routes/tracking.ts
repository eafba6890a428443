import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import type { EventChannel } from '../../domain/events/eventTypes';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { isMachineUserAgent } from '../../domain/tracking/machineTraffic';
import type { TrackingClaims, TrackingKind } from '../../domain/tracking/trackingClaims';
import { trackingEngagement } from '../../domain/tracking/trackingEngagement';
import type { Logger } from '../../platform/logger';
import { verifyTrackingToken } from '../../platform/trackingToken';
import type { IngestEvents } from '../ingest/eventIngestion';
import { HttpProblem, PROBLEM_TYPES } from '../problem';

export interface TrackingRouteDependencies {
  ingestEvents: IngestEvents;
  /** The secret tokens are signed with (storage/trackingSecret.ts). */
  secret: () => Promise<string>;
  logger: Logger;
  /** Hits recorded per second per client address, per replica (DEFAULT_TRACKING_HITS_PER_SECOND). */
  hitsPerSecond?: number;
}

/**
 * Hits one client address may have recorded per second on one replica. Generous: a person clicks a few
 * times a minute; a mailbox provider's image proxy fetches many customers' pixels from few addresses.
 */
export const DEFAULT_TRACKING_HITS_PER_SECOND = 200;

/** A transparent 1×1 GIF (the smallest well-formed one, 43 bytes). */
export const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

const NO_CACHE = {
  'Cache-Control': 'no-store, no-cache, must-revalidate, private, max-age=0',
  Pragma: 'no-cache',
  Expires: '0',
};

/** The unsubscribe page: no script at all, styles from nothing, and its form may post only to itself. */
const PAGE_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The tracking routes (docs/TRACKING.md), outside /v1 and without an API key: their URLs are in the messages
 * customers receive. A token is the only credential: signed, so a forged, altered or truncated one is a 404
 * and records nothing, and a click redirects only to the URL signed into its token (no open redirect).
 *
 * Each hit is an `engagement` event for the message, taken through the API's own ingestion (a receipt, then a
 * signal to the customer's workflow) under an id made from (messageId, action, url, machine): a second click
 * on the same link is a duplicate event and counts nothing more, and still redirects.
 */
export function trackingRouter(deps: TrackingRouteDependencies): Router {
  const router = Router();
  const limiter = new RateLimiterMemory({
    points: deps.hitsPerSecond ?? DEFAULT_TRACKING_HITS_PER_SECOND,
    duration: 1,
    keyPrefix: 'tracking',
  });

  async function claimsOf(token: string, kind: TrackingKind): Promise<TrackingClaims> {
    const claims = verifyTrackingToken(await deps.secret(), token);
    if (!claims || claims.kind !== kind) {
      throw new HttpProblem(404, 'Not found', 'This link is not one Tutti made, or it was altered.', {
        type: PROBLEM_TYPES.notFound,
      });
    }
    return claims;
  }

  /** Within the address's limit; past it the hit is answered but not recorded (a link must keep working). */
  async function withinLimit(req: Request): Promise<boolean> {
    try {
      await limiter.consume(req.ip ?? 'unknown');
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  /**
   * A click or an open is recorded after the answer: the reader is not kept waiting on Temporal, and a store
   * or cluster that is down loses the hit (logged), never the redirect.
   */
  function recordInBackground(req: Request, claims: TrackingClaims): void {
    const machine = isMachineHit(req);
    void withinLimit(req)
      .then((within) =>
        within ? deps.ingestEvents(claims.workspace, [engagementEvent(claims, machine)]) : undefined,
      )
      .catch((error: unknown) => {
        deps.logger.warn(
          { err: error, messageId: claims.messageId, kind: claims.kind },
          'tracking hit not recorded',
        );
      });
  }

  router.get('/t/c/:token', async (req, res) => {
    const claims = await claimsOf(req.params.token, 'click');
    recordInBackground(req, claims);
    // No body: the Location is the answer (percent-encoded where HTTP requires, as the browser would).
    res
      .status(302)
      .set(NO_CACHE)
      .location(claims.url as string)
      .end();
  });

  router.get('/t/o/:file', async (req, res) => {
    const token = /^(.+)\.gif$/.exec(req.params.file)?.[1] ?? '';
    const claims = await claimsOf(token, 'open');
    recordInBackground(req, claims);
    res.set(NO_CACHE).type('image/gif').send(TRANSPARENT_GIF);
  });

  router.get('/t/u/:token', async (req, res) => {
    const claims = await claimsOf(req.params.token, 'unsubscribe');
    // A GET changes nothing (RFC 8058): link scanners fetch every URL of a message. The form posts here.
    sendPage(
      res,
      'Unsubscribe',
      `<p>Stop receiving ${claims.category} messages by ${claims.channel}?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  router.post('/t/u/:token', async (req, res) => {
    const claims = await claimsOf(req.params.token, 'unsubscribe');
    if (!(await withinLimit(req))) {
      res.set('Retry-After', '1');
      throw new HttpProblem(
        429,
        'Too many requests',
        'Too many requests from this address. Send again in 1 s.',
        {
          type: PROBLEM_TYPES.rateLimited,
        },
      );
    }
    // Awaited: the mailbox provider (or the person) must learn whether it worked, and retry if not.
    await deps.ingestEvents(claims.workspace, [engagementEvent(claims, false)]);
    sendPage(
      res,
      'Unsubscribed',
      `<p>You will no longer receive ${claims.category} messages by ${claims.channel}.</p>`,
    );
  });

  return router;
}

/** A hit by a machine: by its user agent (domain/tracking/machineTraffic.ts), or a HEAD no browser sends. */
function isMachineHit(req: Request): boolean {
  return req.method === 'HEAD' || isMachineUserAgent(req.get('user-agent'));
}

/**
 * The engagement event of a hit. Its id is the same for the same (messageId, action, url, machine), so the
 * receipt makes a repeat a duplicate: machine apart, so a proxy's open first does not hide the person's.
 */
export function engagementEvent(claims: TrackingClaims, machine: boolean, now = new Date()): CustomerEvent {
  const properties = trackingEngagement(claims, machine);
  const key = JSON.stringify([
    claims.messageId,
    properties.action,
    properties.url ?? '',
    properties.machine === true,
  ]);
  const at = now.toISOString();
  return {
    id: `trk-${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`,
    customerId: claims.customerId,
    type: 'engagement',
    channel: (EVENT_CHANNELS as readonly string[]).includes(claims.channel)
      ? (claims.channel as EventChannel)
      : 'web',
    occurredAt: at,
    receivedAt: at,
    properties: { ...properties },
  };
}

function sendPage(res: Response, title: string, body: string): void {
  res
    .set({ ...NO_CACHE, 'Content-Security-Policy': PAGE_CSP })
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body><h1>${title}</h1>
${body}
</body></html>
`,
    );
}
