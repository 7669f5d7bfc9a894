/**
 * @module main/demo/demo-cases
 * Gives 新化县 the last six weeks of window work, so supervision (督查) has something to show on a
 * fresh demo: about thirty cases over several items and departments, opened through the case use
 * cases on the day they happened — most decided within the limit, a few late, the most recent still
 * open (one of them due tomorrow), mostly one visit and a few with a second, licences the county
 * holds exempted (免提交) by the material check and the rest brought by the applicant.
 *
 * The history needs a clock in the past: the caller gives case use cases built on a clock this
 * seeder sets (`casesAt`), wired for the demo only and never reachable from the API. Applicants are
 * companies holding demo business licences or generated residents; their ID numbers are never logged.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { CaseService } from '../../core/cases/case-service.js';
import type { Applicant } from '../../core/cases/case.js';
import type { MaterialCheckInput, MaterialCheckResult } from '../../core/cases/check-materials.js';
import type { WorkingCalendar } from '../../core/cases/working-calendar.js';
import { limitFor } from '../../core/cases/case-clock.js';
import { beijingDate } from '../../core/licenses/license.js';
import { addDays, person, personName } from './generated-parties.js';
import { seededRandom, type Random } from './seeded-random.js';
import { XINHUA_CATALOGUE } from './xinhua-catalogue.js';
import { DEMO_SEED } from './xinhua-county.js';

/** Case use cases on a clock the demo seeder sets. */
export interface DemoCaseTools {
  open: CaseService['open'];
  milestone: CaseService['milestone'];
  checkMaterials(caller: Principal, caseNo: string, input: MaterialCheckInput): Promise<Pick<MaterialCheckResult, 'checklist'>>;
  calendar(): Promise<WorkingCalendar>;
}

export interface DemoCaseDeps {
  casesAt(now: () => Date): DemoCaseTools;
  now(): Date;
  signal: AbortSignal;
}

/** Items the history covers: companies (营业执照 relied on) and residents (paper only). */
const COMPANY_ITEMS = ['XH-SC-0001', 'XH-SC-0006', 'XH-JT-0001', 'XH-RS-0002'] as const;
const RESIDENT_ITEMS = ['XH-RS-0001', 'XH-MZ-0001', 'XH-MZ-0003'] as const;
const CASES = 30;
/** Working days back the history starts: about six weeks. */
const HISTORY_DAYS = 30;

/** Beijing working time on `date`, `minute` minutes after 09:00. */
const at = (date: string, minute: number): Date => new Date(Date.parse(`${date}T09:00:00+08:00`) + minute * 60_000);

function workingDaysBefore(calendar: WorkingCalendar, today: string, n: number): string {
  let date = today;
  for (let counted = 0; counted < n;) {
    date = addDays(date, -1);
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** Seeds the history; `companies` are holders of valid demo business licences. Answers how many cases. */
export async function seedDemoCases(deps: DemoCaseDeps, companies: readonly Applicant[]): Promise<number> {
  let clock = deps.now();
  const tools = deps.casesAt(() => clock);
  const calendar = await tools.calendar();
  const today = beijingDate(deps.now());
  const random = seededRandom(DEMO_SEED, 7);
  let seeded = 0;

  for (let i = 0; i < CASES; i++) {
    deps.signal.throwIfAborted();
    const last = i === CASES - 1;
    // Two of three applicants are companies; residents take every third turn, their items in rotation.
    const company = (i % 3 !== 2 || last) && companies.length > 0;
    const code = company ? COMPANY_ITEMS[i % COMPANY_ITEMS.length] : RESIDENT_ITEMS[Math.floor(i / 3) % RESIDENT_ITEMS.length];
    const item = XINHUA_CATALOGUE.find((x) => x.code === code);
    if (!item) continue;
    const limit = limitFor(item);
    // The last case is due tomorrow; the others are spread over the six weeks, one every working day or so.
    const openedOn = workingDaysBefore(
      calendar,
      today,
      last ? Math.max(0, limit - 1) : Math.round(HISTORY_DAYS - (i * HISTORY_DAYS) / CASES),
    );
    const late = i % 9 === 4 && limit > 0;
    const used = late ? limit + 1 + (i % 2) : random.int(Math.min(1, limit), limit);
    const decidedOn = last ? undefined : calendar.addWorkingDays(openedOn, used);
    const applicant: Applicant = company ? (companies[i % companies.length] as Applicant) : resident(random);
    const department = item.leadDepartment.uscc;
    const caller: Principal = { actor: `system:${department}`, role: 'system', department };

    clock = at(openedOn, random.int(0, 420));
    const opened = await tools.open(caller, {
      itemCode: item.code,
      applicant,
      channel: 'window',
      responsible: { name: personName(random, random.chance(0.5) ? '男' : '女') },
    });
    const caseNo = opened.caseNo;
    const commitments = item.materials.filter((m) => m.source.kind === 'commitment').map((m) => m.code);
    const { checklist } = await tools.checkMaterials(caller, caseNo, { commitments });
    // What the check did not exempt or take on commitment, the applicant brings at the window.
    for (const entry of checklist) {
      if (!entry.required || entry.status === 'exempted' || entry.status === 'committed') continue;
      await tools.milestone(caller, caseNo, { type: 'material-received', material: entry.code });
    }
    // A few applicants come back once more (补正) — the exception 最多跑一次 supervision counts.
    if (i % 7 === 3 && decidedOn !== undefined && decidedOn <= today && decidedOn > openedOn) {
      clock = at(decidedOn, 0);
      await tools.milestone(caller, caseNo, { type: 'visit' });
    }
    if (decidedOn !== undefined && decidedOn <= today) {
      clock = at(decidedOn, 480);
      await tools.milestone(caller, caseNo, { type: 'decided', result: 'approved' });
      await tools.milestone(caller, caseNo, { type: 'delivered' });
    }
    seeded += 1;
  }
  return seeded;
}

function resident(random: Random): Applicant {
  const { name, id } = person(random, '1960-01-01', '2002-12-31');
  return { idType: 'ID', id, name };
}
