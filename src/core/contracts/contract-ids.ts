/**
 * @module core/contracts/contract-ids
 * The `$id`s of the contracts the hub itself reads and writes, so use cases name a contract without
 * spelling its URL. The registry refuses to start if any of these is missing from schemas/, so a
 * renamed or re-versioned contract cannot leave a stale constant behind.
 */
const BASE = 'https://zhengzhao.gov.cn/schemas';

export const ContractIds = {
  definitions: `${BASE}/common/definitions/1.json`,
  licenseEnvelope: `${BASE}/licenses/envelope/1.json`,
  licenseStatusChange: `${BASE}/licenses/status-change/1.json`,
  document: `${BASE}/documents/document/1.json`,
  licenseSubmitHeaders: `${BASE}/messages/license-submit-headers/1.json`,
  licenseSubmitResult: `${BASE}/messages/license-submit-result/1.json`,
  deadLetterHeaders: `${BASE}/messages/dead-letter-headers/2.json`,
  licenseEvent: `${BASE}/events/license-event/1.json`,
  workingCalendar: `${BASE}/calendar/working-calendar/1.json`,
  serviceItem: `${BASE}/catalogue/service-item/1.json`,
  caseEvent: `${BASE}/events/case-event/1.json`,
  caseMilestone: `${BASE}/messages/case-milestone/1.json`,
  exchangeHeaders: `${BASE}/messages/exchange-headers/1.json`,
  verificationRequest: `${BASE}/messages/verification-request/1.json`,
  verificationResult: `${BASE}/messages/verification-result/1.json`,
  dataRequest: `${BASE}/messages/data-request/1.json`,
  dataProviderRequest: `${BASE}/messages/data-provider-request/1.json`,
  dataProviderResponse: `${BASE}/messages/data-provider-response/1.json`,
  dataConsumerResponse: `${BASE}/messages/data-consumer-response/1.json`,
} as const;

/** Every contract `$id` is `<CONTRACT_ID_BASE>/<path under schemas/ without .json>/<major version>.json`. */
export const CONTRACT_ID_BASE = BASE;
