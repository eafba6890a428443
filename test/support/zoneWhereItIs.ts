/** An IANA zone where it is `hour` o'clock right now, so a test's quiet hours do not depend on when it runs. */
export function zoneWhereItIs(hour: number): string {
  const offset = (((hour - new Date().getUTCHours()) % 24) + 24) % 24;
  const n = offset > 14 ? offset - 24 : offset;
  return n === 0 ? 'Etc/GMT' : `Etc/GMT${n > 0 ? '-' : '+'}${Math.abs(n)}`;
}
