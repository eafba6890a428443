// The `type` of every ApplicationFailure Tutti throws on purpose. Whoever throws one and whoever matches on it
// (a workflow deciding what a failed activity means, a test, an operator's search in the Temporal UI) use these
// constants, so the two cannot drift apart. A leaf module of strings: activities, storage and workflow code
// may all import it as values.

/** The webhook receiver refused the request with a 4xx (not 408 or 429): it will refuse it again. Not retried. */
export const WEBHOOK_REJECTED = 'WebhookRejected';
/** The webhook receiver answered 5xx, 408 or 429: retried, after its Retry-After when it gives one. */
export const WEBHOOK_UNAVAILABLE = 'WebhookUnavailable';
/** An email message for a customer without an email address (identify trait "email"). Not retried. */
export const MISSING_RECIPIENT_EMAIL = 'MissingRecipientEmail';
/** The SMTP relay refused the envelope or the message with a 5xx. Not retried. */
export const EMAIL_REJECTED = 'EmailRejected';
/** Storage refused a write that it would refuse the same way on every attempt (storage/writeFailure.ts). */
export const STORE_WRITE_REFUSED = 'StoreWriteRefused';
/** The customer workflow's validator refused a journey's contact request: asking again will not help. */
export const CONTACT_REQUEST_REJECTED = 'ContactRequestRejected';
/** A journey ended in failure: its workflow fails with this type, visible in the Temporal UI. */
export const JOURNEY_FAILED = 'JourneyFailed';
/**
 * A stored template cannot be rendered for this message (activities/delivery/renderContent.ts): a variable with
 * no value and no `default`, a render limit, a filter refusing a value. Nothing was sent; not retried. The
 * failure's details hold `{ reason, template, version, part, variable?, line? }`.
 */
export const TEMPLATE_RENDER_ERROR = 'TemplateRenderError';
