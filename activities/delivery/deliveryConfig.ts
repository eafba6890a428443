import { z } from 'zod';

/** Empty and whitespace-only variables count as unset: `TUTTI_SMTP_URL=` in a .env file means "none". */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = (protocols: string[]) =>
  optionalText.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL` },
  );

const environmentSchema = z
  .object({
    TUTTI_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
    TUTTI_WEBHOOK_SECRET: optionalText,
    TUTTI_SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
    TUTTI_SMTP_FROM: optionalText,
    TUTTI_ALERT_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
  })
  // Refuse half a configuration at startup: an unsigned webhook could not be verified by its receiver, and
  // a relay without a sender address rejects every email — both better found now than at the first send.
  .refine((e) => e.TUTTI_WEBHOOK_URL === undefined || e.TUTTI_WEBHOOK_SECRET !== undefined, {
    path: ['TUTTI_WEBHOOK_SECRET'],
    message: 'is required when TUTTI_WEBHOOK_URL is set (every webhook is signed with it)',
  })
  .refine((e) => e.TUTTI_SMTP_URL === undefined || e.TUTTI_SMTP_FROM !== undefined, {
    path: ['TUTTI_SMTP_FROM'],
    message: 'is required when TUTTI_SMTP_URL is set (e.g. "Acme <hello@acme.test>")',
  });

/**
 * Where deliveries go. Every part is optional: without it, the outbox (or alerts) collection is the
 * destination, so the embedded default needs nothing configured.
 */
export interface DeliveryConfig {
  /** Channel webhook, and the relay for sms and push (Tutti has no SMS/push provider of its own). */
  webhook?: { url: string; secret: string };
  /** Channel email, through nodemailer. `url` like smtp://user:pass@host:587. */
  smtp?: { url: string; from: string };
  /** Slack-compatible incoming webhook for team alerts. */
  alertWebhookUrl?: string;
}

/** Reads the delivery settings once, at worker start; the activities receive the result, not the env. */
export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid delivery configuration in the environment:\n${problems}`);
  }
  const e = parsed.data;
  return {
    ...(e.TUTTI_WEBHOOK_URL && e.TUTTI_WEBHOOK_SECRET
      ? { webhook: { url: e.TUTTI_WEBHOOK_URL, secret: e.TUTTI_WEBHOOK_SECRET } }
      : {}),
    ...(e.TUTTI_SMTP_URL && e.TUTTI_SMTP_FROM
      ? { smtp: { url: e.TUTTI_SMTP_URL, from: e.TUTTI_SMTP_FROM } }
      : {}),
    ...(e.TUTTI_ALERT_WEBHOOK_URL ? { alertWebhookUrl: e.TUTTI_ALERT_WEBHOOK_URL } : {}),
  };
}
