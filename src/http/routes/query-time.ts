/**
 * @module http/routes/query-time
 * Time bounds in query strings (`?from=&to=`): an ISO 8601 instant with its offset, or a calendar
 * date read in Beijing time, where a date as the end bound includes that whole day.
 */
import type { FieldError } from '../../core/errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** The query parameter's schema: the shape is checked with the other parameters, the calendar here. */
export const TIME_QUERY = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'A date (YYYY-MM-DD, Beijing time) or an ISO 8601 instant with its offset',
  examples: ['2026-12-01'],
} as const;

/** `undefined` when absent; a field error (and `undefined`) when malformed. */
export function parseInstant(value: string | undefined, bound: 'start' | 'end', pointer: string, errors: FieldError[]): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = DATE.test(value) ? new Date(`${value}T00:00:00+08:00`) : INSTANT.test(value) ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    errors.push({ pointer, detail: 'must be a date (YYYY-MM-DD, Beijing time) or an ISO 8601 instant with its offset' });
    return undefined;
  }
  return bound === 'end' && DATE.test(value) ? new Date(parsed.getTime() + DAY_MS) : parsed;
}
