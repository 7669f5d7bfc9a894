/**
 * @module main/demo/demo-status-changes
 * Which demo licences lose their validity and why: every seventh candidate, in turn suspended,
 * revoked (吊销, national code 07, citing the law broken), revoked (撤销, 03) or cancelled (注销, 04).
 * The payloads follow the `licenses/status-change` contract; the caller seals them.
 */
import type { LicenseStatusChange } from '../../core/payloads/license-status-change.js';
import { LicenseTypeCodes } from './license-context.js';

const STEP = 7;
const MAX_CHANGES = 12;

/** 吊销 cites the law each type's regulator applies. */
const REVOCATION_GROUNDS: Readonly<Record<string, string>> = {
  [LicenseTypeCodes.foodBusinessLicense]:
    '违反《中华人民共和国食品安全法》第一百三十四条，依法吊销食品经营许可证（新市监罚决〔2024〕118号）',
  [LicenseTypeCodes.drugBusinessLicense]:
    '违反《中华人民共和国药品管理法》第一百二十六条，依法吊销药品经营许可证（新市监罚决〔2024〕236号）',
  [LicenseTypeCodes.roadTransportPermit]:
    '违反《中华人民共和国道路运输条例》，情节严重，依法吊销道路运输经营许可证（新交罚决〔2024〕52号）',
  [LicenseTypeCodes.businessLicense]:
    '成立后无正当理由超过6个月未开业，依据《中华人民共和国公司法》第二百六十条吊销营业执照（新市监罚决〔2024〕301号）',
};

type Kind = 'suspended' | 'revoked' | 'withdrawn' | 'cancelled';
const ROTATION: readonly Kind[] = ['suspended', 'revoked', 'withdrawn', 'cancelled'];

export function demoStatusChanges<T extends { id: string; typeCode: string }>(
  candidates: readonly T[],
  at: Date,
): { license: T; change: LicenseStatusChange }[] {
  const picked = candidates.filter((_, i) => i % STEP === STEP - 1).slice(0, MAX_CHANGES);
  return picked.map((license, i) => ({ license, change: change(license, ROTATION[i % ROTATION.length] as Kind, at) }));
}

function change(license: { id: string; typeCode: string }, kind: Kind, at: Date): LicenseStatusChange {
  const effectiveAt = at.toISOString();
  switch (kind) {
    case 'suspended':
      return {
        licenseId: license.id,
        status: 'suspended',
        nationalStatusCode: '99',
        reason: '责令停产停业整顿，整改期间暂停许可',
        effectiveAt,
      };
    case 'revoked':
      return {
        licenseId: license.id,
        status: 'revoked',
        nationalStatusCode: '07',
        reason: REVOCATION_GROUNDS[license.typeCode] ?? '违反许可条件，依法吊销',
        effectiveAt,
      };
    case 'withdrawn':
      return {
        licenseId: license.id,
        status: 'revoked',
        nationalStatusCode: '03',
        reason: '以欺骗手段取得许可，依据《中华人民共和国行政许可法》第六十九条依法撤销',
        effectiveAt,
      };
    case 'cancelled':
      return { licenseId: license.id, status: 'cancelled', nationalStatusCode: '04', reason: '经营者申请注销', effectiveAt };
  }
}
