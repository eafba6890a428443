/** A policy duration as written in the document: a whole number and a unit, e.g. "90s", "15m", "24h", "7d". */
export type DurationText = string;

const DURATION_PATTERN = /^(\d+)(s|m|h|d)$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function isDurationText(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/**
 * Milliseconds in a duration text, or undefined when it is not `<whole number><s|m|h|d>` or too long to count
 * in milliseconds ("99999999999999999999d"). Never throws: validation reads any text a client sent with it.
 */
export function durationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Milliseconds in a policy duration; throws on anything but `<whole number><s|m|h|d>`. */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) {
    throw new Error(
      `Invalid duration ${JSON.stringify(text)}: expected a whole number followed by s, m, h or d, such as "90s", "15m", "24h" or "7d"`,
    );
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(ms)) throw new Error(`Invalid duration ${JSON.stringify(text)}: too long`);
  return ms;
}
