/**
 * @module payloads/case-milestone
 * 办件节点 Case milestone — generated from schemas/messages/case-milestone.json (https://zhengzhao.gov.cn/schemas/messages/case-milestone/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { Uscc } from './definitions.js';

/** 办件节点 Case milestone */
export interface CaseMilestone {
  /** 办件编号 Case number */
  caseNo: string;
  /** 节点 Milestone */
  type: 'accepted' | 'step-started' | 'step-finished' | 'clock-stopped' | 'clock-resumed' | 'material-received' | 'visit' | 'handover' | 'decided' | 'delivered' | 'withdrawn';
  department?: Uscc;
  /** 事由 Reason */
  reason?: string;
  /** 材料编号 Material */
  material?: string;
  /** 新负责人 New responsible person */
  responsible?: {
    name: string;
    phone?: string;
  };
  /** 办理结果 Result */
  result?: 'approved' | 'refused';
  /** 发生时间 Occurred at */
  occurredAt: string;
}
