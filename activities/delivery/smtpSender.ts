import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { EMAIL_REJECTED, MISSING_RECIPIENT_EMAIL } from '../../domain/failureTypes';
import type { DeliveryConfig } from '../../platform/config';
import type { OutboundMessage } from './outboundMessage';

export type SmtpSender = (message: OutboundMessage) => Promise<{ providerMessageId?: string }>;

/** The RFC 5322 Message-ID of a Tutti email: the messageId, so mail logs and bounces trace back to it. */
export function emailMessageId(messageId: string): string {
  return `<${messageId}@tutti>`;
}

export interface SmtpSenderOptions {
  /** The one-click unsubscribe URL of a message (activities/delivery/messageTracking.ts); none: no header. */
  unsubscribeUrl?: (message: OutboundMessage) => Promise<string | undefined>;
}

/**
 * The List-Unsubscribe headers of RFC 2369 and RFC 8058 (one-click: the mailbox provider POSTs
 * `List-Unsubscribe=One-Click` to the URL). Gmail and Yahoo require both of bulk senders' marketing mail.
 */
export function listUnsubscribeHeaders(url: string | undefined): Record<string, string> {
  return url === undefined
    ? {}
    : { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Sends email through the configured SMTP relay: the text part (`text`, else `body`), and the HTML part when
 * the message has one. `template` and `category` travel as headers for relays that use them; marketing mail
 * carries List-Unsubscribe when tracking is on (docs/TRACKING.md).
 */
export function createSmtpSender(
  smtp: NonNullable<DeliveryConfig['smtp']>,
  options: SmtpSenderOptions = {},
): SmtpSender {
  // One transport per worker: nodemailer opens a connection per message (no pool), so a relay restart
  // between messages costs nothing. Timeouts keep a stuck relay from holding the activity to its deadline.
  const transport = nodemailer.createTransport({
    url: smtp.url,
    connectionTimeout: 10_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
  return async (message) => {
    const email = message.recipient.email;
    if (!email) {
      throw ApplicationFailure.create({
        message: `Message ${message.messageId} is for channel email but customer ${message.customerId} has no email address (identify trait "email"); it cannot be sent.`,
        type: MISSING_RECIPIENT_EMAIL,
        nonRetryable: true,
      });
    }
    const content = message.content as OutboundMessage['content'] & { text?: string; html?: string };
    const unsubscribeUrl = await options.unsubscribeUrl?.(message);
    try {
      const info = (await transport.sendMail({
        from: smtp.from,
        to: message.recipient.name ? { name: message.recipient.name, address: email } : email,
        subject: message.content.subject ?? '',
        text: content.text ?? content.body ?? '',
        ...(content.html !== undefined ? { html: content.html } : {}),
        messageId: emailMessageId(message.messageId),
        headers: {
          'X-Tutti-Message-Id': message.messageId,
          'X-Tutti-Category': message.category,
          ...(message.content.template ? { 'X-Tutti-Template': message.content.template } : {}),
          ...listUnsubscribeHeaders(unsubscribeUrl),
        },
      })) as { response?: string };
      return { providerMessageId: queueId(info.response) };
    } catch (error) {
      throw classify(error, message.messageId);
    }
  };
}

/**
 * A 5xx on the envelope or the message is the relay refusing this email for good (unknown mailbox, policy):
 * retrying cannot help. Everything else — connection errors, 4xx, authentication (fixed by correcting the
 * configuration and restarting the worker) — stays retryable.
 */
function classify(error: unknown, messageId: string): unknown {
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  const permanent =
    (code === 'EENVELOPE' || code === 'EMESSAGE') && typeof responseCode === 'number' && responseCode >= 500;
  if (!permanent) return error;
  return ApplicationFailure.create({
    message: `SMTP relay refused message ${messageId}: ${(error as Error).message}`,
    type: EMAIL_REJECTED,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
  });
}

/** "250 2.0.0 Ok: queued as 4BxY…" → "4BxY…": the relay's own id, for its logs. */
function queueId(response: string | undefined): string | undefined {
  return response ? /queued as ([^\s>]+)/i.exec(response)?.[1] : undefined;
}
