/** A wall-clock time of day as written in the policy document: "HH:MM", 24-hour, "00:00" to "23:59". */
export type ClockTimeText = string;

const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTimeText(text: string): boolean {
  return CLOCK_TIME_PATTERN.test(text);
}

/** Minutes after local midnight; throws unless the text is "HH:MM". */
export function parseClockTime(text: string): number {
  const match = CLOCK_TIME_PATTERN.exec(text);
  if (!match) throw new Error(`Invalid time of day ${JSON.stringify(text)}: expected HH:MM, such as "21:00"`);
  return Number(match[1]) * 60 + Number(match[2]);
}
