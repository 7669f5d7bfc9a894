/**
 * @module contract-types
 * Every payload type generated from the hub's schemas (payloads/), exported under one name each.
 */
export type * from './payloads/business-license.js';
export type * from './payloads/construction-planning-permit.js';
export type * from './payloads/dead-letter-headers.js';
export type * from './payloads/definitions.js';
export type * from './payloads/disability-certificate.js';
export type * from './payloads/document-record.js';
export type * from './payloads/drug-business-license.js';
export type * from './payloads/food-business-license.js';
export type * from './payloads/license-envelope.js';
export type * from './payloads/license-event.js';
export type * from './payloads/license-status-change.js';
export type * from './payloads/license-submit-headers.js';
export type * from './payloads/license-submit-result.js';
export type * from './payloads/marriage-certificate.js';
export type * from './payloads/real-estate-title.js';
export type * from './payloads/road-transport-permit.js';
