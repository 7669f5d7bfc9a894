/**
 * @module core/cases/case
 * A case (办件) as the hub keeps it: the item version it was opened under, the applicant, the one
 * responsible person (首办负责人), the checklist of the item's published materials with what the
 * material check found, and the milestones department systems report. Department case systems stay
 * the system of record; this is what the hub needs for the check, the clock and supervision.
 */
import type { Material } from '../catalogue/service-item.js';
import { maskName } from '../identifiers/mask-name.js';
import { maskResidentId } from '../identifiers/resident-id.js';

export type CaseState = 'open' | 'decided' | 'delivered' | 'withdrawn';

/**
 * pending: not checked yet; exempted 免提交 (checked online); committed 已承诺 (告知承诺);
 * tolerated 容缺 (to supply by `dueDate`); to-submit 待提交; submitted 已提交 (received later).
 */
export type MaterialStatus = 'pending' | 'exempted' | 'committed' | 'tolerated' | 'to-submit' | 'submitted';

export interface ChecklistEntry {
  code: string;
  name: string;
  required: boolean;
  form: Material['form'];
  copies: number;
  source: Material['source'];
  toleranceDays?: number | undefined;
  status: MaterialStatus;
  /** The licence or document that made it 免提交. */
  licenseId?: string | undefined;
  docNo?: string | undefined;
  dueDate?: string | undefined;
  /** The due date was counted Monday to Friday through a year without a calendar; it is kept as told. */
  dueDateProvisional?: true | undefined;
  suppliedOn?: string | undefined;
}

export const MilestoneTypes = [
  'accepted',
  'step-started',
  'step-finished',
  'clock-stopped',
  'clock-resumed',
  'material-received',
  'visit',
  'handover',
  'decided',
  'delivered',
  'withdrawn',
] as const;
export type MilestoneType = (typeof MilestoneTypes)[number];

export interface Milestone {
  seq: number;
  type: MilestoneType;
  /** The Beijing date it happened on: what the clock counts. */
  on: string;
  at: Date;
  actor: string;
  /** A participating department's step (并联审批). */
  department?: string | undefined;
  /** Statutory reason of a clock stop; reason of a hand-over. */
  reason?: string | undefined;
  material?: string | undefined;
  /** Hand-over: the new responsible person. */
  responsible?: Responsible | undefined;
  /** Decided: the sealed decision document (compact JWS), kept as given. */
  decisionJws?: string | undefined;
  result?: 'approved' | 'refused' | undefined;
  /** The `message-id` of the Kafka message that reported it (redeliveries are recognised by it). */
  messageId?: string | undefined;
}

export interface Responsible {
  name: string;
  phone?: string | undefined;
}

export interface Applicant {
  idType: string;
  id: string;
  name: string;
}

export interface CaseNotice {
  sourceId: string;
  at: Date;
  body: Record<string, unknown>;
}

export interface CaseRecord {
  caseNo: string;
  itemCode: string;
  itemVersion: number;
  itemName: string;
  /** Lead department of the item (统一社会信用代码). */
  department: string;
  applicant: Applicant;
  /** Keyed hash of the applicant's ID: the holder index key. */
  applicantKey: string;
  channel: 'window' | 'online';
  responsible: Responsible;
  state: CaseState;
  openedOn: string;
  limitDays: number;
  checklist: ChecklistEntry[];
  openedBy: string;
  openedAt: Date;
  decidedOn: string | undefined;
  milestones: Milestone[];
  notices: CaseNotice[];
}

/** The applicant as answers show it: masked name, masked ID for a person. */
export function maskedApplicant(applicant: Applicant): Applicant {
  return {
    idType: applicant.idType,
    name: applicant.idType === 'ID' ? maskName(applicant.name) : applicant.name,
    id: applicant.idType === 'ID' ? maskResidentId(applicant.id) : applicant.id,
  };
}

export function visitsOf(record: Pick<CaseRecord, 'milestones'>): number {
  return record.milestones.filter((m) => m.type === 'visit').length;
}
