/**
 * @module payloads/license-status-change
 * 证照状态变更 Licence status change — generated from schemas/licenses/status-change.json (https://zhengzhao.gov.cn/schemas/licenses/status-change/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { LicenseId } from './definitions.js';

/** 证照状态变更 Licence status change */
export interface LicenseStatusChange {
  licenseId: LicenseId;
  /** 新状态 New status */
  status: 'suspended' | 'valid' | 'revoked' | 'cancelled' | 'replaced';
  /** 国家证照状态代码 National status code */
  nationalStatusCode?: '03' | '04' | '05' | '07' | '99';
  /** 变更原因 Reason */
  reason: string;
  /** 生效时间 Effective at */
  effectiveAt: string;
}
