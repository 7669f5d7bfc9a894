/**
 * @module core/ports/calendar-repository
 * Storage of the working-day calendar, one year per row.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CalendarYear } from '../cases/working-calendar.js';

export interface CalendarRepository {
  list(): Promise<CalendarYear[]>;
  find(year: number): Promise<CalendarYear | undefined>;
  /** Replaces the year (an admin's correction) with its audit entry in one transaction. */
  save(year: CalendarYear, by: string, audit: readonly AuditEntry[]): Promise<void>;
  /** Stores years not present yet (the files shipped with the hub); returns how many were new. */
  seed(years: readonly CalendarYear[]): Promise<number>;
}
