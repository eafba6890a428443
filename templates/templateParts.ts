import type { Channel } from '../domain/contact/types';

/** The parts of a template a message is made of; each is Liquid source. */
export const TEMPLATE_PARTS = ['subject', 'text', 'html'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/** What `PUT /v1/templates/{name}` takes: at least one of `text` and `html`. */
export interface TemplateParts {
  channel?: Channel;
  subject?: string;
  text?: string;
  html?: string;
}

/** One stored version (storage/templateStore.ts). Versions start at 1 per name and never change. */
export interface TemplateVersion extends TemplateParts {
  name: string;
  version: number;
  createdAt: Date;
  /** The API key that published it; absent when written without one. */
  createdBy?: string;
}

/**
 * A template name: lowercase letters, digits, `_` and `-`, starting with a letter or digit, at most 64
 * characters. It is a URL path segment and part of a storage `_id` (`workspace:name:version`), so it has no
 * `:`, `/`, `.` or spaces, and no case to confuse `Welcome` with `welcome`.
 */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Largest source of one part, in UTF-8 bytes: a long HTML email is a few tens of KiB. */
export const MAX_PART_BYTES = 100 * 1024;
/** Largest subject source: a subject line is one line. */
export const MAX_SUBJECT_BYTES = 2 * 1024;

export function isTemplateName(name: string): boolean {
  return TEMPLATE_NAME.test(name);
}
