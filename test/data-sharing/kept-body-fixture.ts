/**
 * The service and departments the kept-body tests share: the public security bureau's 户籍信息核验,
 * asked by the administrative approval bureau, with a retention or without one.
 */
import type { Principal } from '../../src/core/auth/principal.js';
import type { DataService } from '../../src/core/data-sharing/data-service.js';

export const PSB = '11431322006123470M';
export const APPROVAL = '11431322006123480N';
export const AUDITOR: Principal = { actor: 'user:shenji', role: 'auditor', department: undefined };

export const householdService = (bodyRetentionDays?: number): DataService => ({
  code: 'household-verification',
  name: '户籍信息核验',
  description: '',
  provider: PSB,
  sharingClass: 'conditional',
  requestSchema: 'req',
  responseSchema: 'res',
  fields: [{ name: 'match', personal: false }],
  legalBasis: '',
  timeoutMs: 1_000,
  bodyRetentionDays,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
