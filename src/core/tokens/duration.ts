/**
 * @module core/tokens/duration
 * Human durations as operators type them on the CLI and in the API: `90s`, `15m`, `1h`, `30d`.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] as string] ?? 0);
  return seconds > 0 ? seconds : undefined;
}
