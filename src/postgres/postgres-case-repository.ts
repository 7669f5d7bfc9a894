/**
 * @module postgres/postgres-case-repository
 * Cases with their milestones, packages, reliances and notices. Writes lock the case row
 * (`for update`) so milestones of one case are numbered in order and checked against the state
 * they change.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { CaseNotice, CaseRecord, Milestone } from '../core/cases/case.js';
import type { CaseChanges, CaseRepository, NewCase, Reliance, StoredPackage } from '../core/ports/case-repository.js';
import type { OutboxEntry } from '../core/ports/license-repository.js';
import type { Sql, TransactionSql } from './database.js';
import { writeOutbox } from './outbox.js';
import { appendWith, type AuditAppender } from './postgres-audit-log.js';

interface CaseRow {
  case_no: string;
  item_code: string;
  item_version: number;
  item_name: string;
  department: string;
  applicant_id_type: string;
  applicant_id: string;
  applicant_key: string;
  applicant_name: string;
  channel: CaseRecord['channel'];
  responsible: CaseRecord['responsible'];
  state: CaseRecord['state'];
  opened_on: string;
  limit_days: number;
  checklist: CaseRecord['checklist'];
  opened_by: string;
  opened_at: Date;
  decided_on: string | null;
}

interface MilestoneRow {
  case_no: string;
  seq: number;
  type: Milestone['type'];
  on_date: string;
  body: Partial<Milestone>;
  actor: string;
  at: Date;
}

const toMilestone = (row: MilestoneRow): Milestone => ({
  ...row.body,
  seq: row.seq,
  type: row.type,
  on: row.on_date,
  actor: row.actor,
  at: row.at,
});

function toRecord(row: CaseRow, milestones: Milestone[], notices: CaseNotice[]): CaseRecord {
  return {
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemVersion: row.item_version,
    itemName: row.item_name,
    department: row.department,
    applicant: { idType: row.applicant_id_type, id: row.applicant_id, name: row.applicant_name },
    applicantKey: row.applicant_key,
    channel: row.channel,
    responsible: row.responsible,
    state: row.state,
    openedOn: row.opened_on,
    limitDays: row.limit_days,
    checklist: row.checklist,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    decidedOn: row.decided_on ?? undefined,
    milestones,
    notices,
  };
}

// Dates as text: a `date` column must not pass through a JavaScript Date and a time zone.
const CASE_COLUMNS = `case_no, item_code, item_version, item_name, department, applicant_id_type, applicant_id, applicant_key,
  applicant_name, channel, responsible, state, opened_on::text, limit_days, checklist, opened_by, opened_at, decided_on::text`;

function milestoneRow(caseNo: string, seq: number, m: Omit<Milestone, 'seq'>) {
  const { type, on, at, actor, ...body } = m;
  return { case_no: caseNo, seq, type, on_date: on, body, actor, at };
}

export class PostgresCaseRepository implements CaseRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditAppender,
  ) {}

  insert(record: NewCase, milestones: readonly Omit<Milestone, 'seq'>[], audit: readonly AuditEntry[]): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const inserted = await tx`
        insert into cases (case_no, item_code, item_version, item_name, department, applicant_id_type, applicant_id, applicant_key,
          applicant_name, channel, responsible, state, opened_on, limit_days, checklist, opened_by)
        values (${record.caseNo}, ${record.itemCode}, ${record.itemVersion}, ${record.itemName}, ${record.department},
          ${record.applicant.idType}, ${record.applicant.id}, ${record.applicantKey}, ${record.applicant.name}, ${record.channel},
          ${tx.json(record.responsible as never)}, ${record.state}, ${record.openedOn}, ${record.limitDays},
          ${tx.json(record.checklist as never)}, ${record.openedBy})
        on conflict (case_no) do nothing returning case_no`;
      if (inserted.length === 0) return false;
      if (milestones.length > 0) {
        const rows = milestones.map((m, i) => milestoneRow(record.caseNo, i + 1, m));
        await tx`insert into case_milestones ${tx(rows as never, 'case_no', 'seq', 'type', 'on_date', 'body', 'actor', 'at')}`;
      }
      await appendWith(this.audit, tx, audit);
      return true;
    }) as Promise<boolean>;
  }

  async find(caseNo: string): Promise<CaseRecord | undefined> {
    return this.read(this.sql, caseNo, false);
  }

  private async read(q: Sql | TransactionSql, caseNo: string, lock: boolean): Promise<CaseRecord | undefined> {
    const [row] = lock
      ? await q<CaseRow[]>`select ${q.unsafe(CASE_COLUMNS)} from cases where case_no = ${caseNo} for update`
      : await q<CaseRow[]>`select ${q.unsafe(CASE_COLUMNS)} from cases where case_no = ${caseNo}`;
    if (!row) return undefined;
    const milestones = await q<MilestoneRow[]>`
      select case_no, seq, type, on_date::text, body, actor, at from case_milestones where case_no = ${caseNo} order by seq`;
    const notices = await q<{ source_id: string; at: Date; body: Record<string, unknown> }[]>`
      select source_id, at, body from case_notices where case_no = ${caseNo} order by at`;
    return toRecord(
      row,
      milestones.map(toMilestone),
      notices.map((n) => ({ sourceId: n.source_id, at: n.at, body: n.body })),
    );
  }

  appendMilestone(
    caseNo: string,
    decide: (current: CaseRecord) => { milestone: Omit<Milestone, 'seq'>; changes: CaseChanges; audit: readonly AuditEntry[] },
  ): Promise<{ record: CaseRecord; milestone: Milestone }> {
    return this.sql.begin(async (tx) => {
      const current = await this.read(tx, caseNo, true);
      if (!current) throw new TypeError(`case ${caseNo} vanished`);
      const { milestone, changes, audit } = decide(current);
      const seq = current.milestones.length + 1;
      await tx`insert into case_milestones ${tx(milestoneRow(caseNo, seq, milestone) as never, 'case_no', 'seq', 'type', 'on_date', 'body', 'actor', 'at')}`;
      await tx`
        update cases set
          state = coalesce(${changes.state ?? null}, state),
          decided_on = coalesce(${changes.decidedOn ?? null}::date, decided_on),
          responsible = coalesce(${changes.responsible ? tx.json(changes.responsible as never) : null}::jsonb, responsible),
          checklist = coalesce(${changes.checklist ? tx.json(changes.checklist as never) : null}::jsonb, checklist),
          updated_at = now()
        where case_no = ${caseNo}`;
      await appendWith(this.audit, tx, audit);
      return { record: (await this.read(tx, caseNo, false)) as CaseRecord, milestone: { ...milestone, seq } };
    }) as Promise<{ record: CaseRecord; milestone: Milestone }>;
  }

  async saveCheck(
    caseNo: string,
    check: {
      checklist: CaseRecord['checklist'];
      packageJws: string;
      packageDigest: string;
      reliances: readonly { licenseId: string; material: string }[];
    },
    audit: readonly AuditEntry[],
  ): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`select 1 from cases where case_no = ${caseNo} for update`;
      await tx`update cases set checklist = ${tx.json(check.checklist as never)}, updated_at = now() where case_no = ${caseNo}`;
      await tx`
        insert into case_packages (case_no, seq, jws, digest)
        select ${caseNo}, coalesce(max(seq), 0) + 1, ${check.packageJws}, ${check.packageDigest}
        from case_packages where case_no = ${caseNo}`;
      if (check.reliances.length > 0) {
        const rows = check.reliances.map((r) => ({ case_no: caseNo, license_id: r.licenseId, material: r.material }));
        await tx`insert into case_reliances ${tx(rows as never, 'case_no', 'license_id', 'material')} on conflict do nothing`;
      }
      await appendWith(this.audit, tx, audit);
    });
  }

  async findPackage(digest: string): Promise<StoredPackage | undefined> {
    const [row] = await this.sql<{ case_no: string; seq: number; jws: string; at: Date; superseded: boolean }[]>`
      select p.case_no, p.seq, p.jws, p.at,
        exists (select 1 from case_packages later where later.case_no = p.case_no and later.seq > p.seq) as superseded
      from case_packages p where p.digest = ${digest}`;
    return row ? { caseNo: row.case_no, seq: row.seq, jws: row.jws, at: row.at, superseded: row.superseded } : undefined;
  }

  async relyingOn(licenseId: string): Promise<Reliance[]> {
    const rows = await this.sql<{ case_no: string; department: string; item_code: string; material: string }[]>`
      select c.case_no, c.department, c.item_code, r.material
      from case_reliances r join cases c using (case_no)
      where r.license_id = ${licenseId} and c.state = 'open'`;
    return rows.map((r) => ({ caseNo: r.case_no, department: r.department, itemCode: r.item_code, material: r.material }));
  }

  notify(caseNo: string, sourceId: string, body: Record<string, unknown>, outbox: readonly OutboxEntry[]): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const inserted = await tx`
        insert into case_notices (case_no, source_id, body) values (${caseNo}, ${sourceId}, ${tx.json(body as never)})
        on conflict do nothing returning case_no`;
      if (inserted.length === 0) return false;
      await writeOutbox(tx, outbox);
      return true;
    }) as Promise<boolean>;
  }

  async list(filter: { department?: string | undefined; from: string; to: string }): Promise<CaseRecord[]> {
    const rows = await this.sql<CaseRow[]>`
      select ${this.sql.unsafe(CASE_COLUMNS)} from cases
      where opened_on between ${filter.from} and ${filter.to}
        and (${filter.department ?? null}::text is null or department = ${filter.department ?? null})
      order by opened_on, case_no`;
    if (rows.length === 0) return [];
    const numbers = rows.map((r) => r.case_no);
    const milestones = await this.sql<MilestoneRow[]>`
      select case_no, seq, type, on_date::text, body, actor, at from case_milestones where case_no = any(${numbers}::text[]) order by case_no, seq`;
    const byCase = new Map<string, Milestone[]>();
    for (const m of milestones) byCase.set(m.case_no, [...(byCase.get(m.case_no) ?? []), toMilestone(m)]);
    return rows.map((row) => toRecord(row, byCase.get(row.case_no) ?? [], []));
  }
}
