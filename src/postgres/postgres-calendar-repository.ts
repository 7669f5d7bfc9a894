/**
 * @module postgres/postgres-calendar-repository
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { CalendarYear } from '../core/cases/working-calendar.js';
import type { CalendarRepository } from '../core/ports/calendar-repository.js';
import type { Sql } from './database.js';
import { writeAudited, type AuditAppender } from './postgres-audit-log.js';

export class PostgresCalendarRepository implements CalendarRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditAppender,
  ) {}

  async list(): Promise<CalendarYear[]> {
    const rows = await this.sql<{ body: CalendarYear }[]>`select body from working_calendars order by year`;
    return rows.map((r) => r.body);
  }

  async find(year: number): Promise<CalendarYear | undefined> {
    const [row] = await this.sql<{ body: CalendarYear }[]>`select body from working_calendars where year = ${year}`;
    return row?.body;
  }

  async save(year: CalendarYear, by: string, audit: readonly AuditEntry[]): Promise<void> {
    await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
        insert into working_calendars (year, body, updated_by) values (${year.year}, ${q.json(year as never)}, ${by})
        on conflict (year) do update set body = excluded.body, updated_by = excluded.updated_by, updated_at = now()`,
      () => true,
    );
  }

  async seed(years: readonly CalendarYear[]): Promise<number> {
    let added = 0;
    for (const year of years) {
      const inserted = await this.sql`
        insert into working_calendars (year, body, updated_by) values (${year.year}, ${this.sql.json(year as never)}, 'hub')
        on conflict (year) do nothing returning year`;
      added += inserted.length;
    }
    return added;
  }
}
