/**
 * @module core/data-sharing/data-service
 * A data service of the sharing catalogue (共享目录): a question a provider department answers for
 * others (户籍信息核验, 婚姻登记信息核验 …), with its request and response contracts, its sharing class
 * and the fields of its answer, each marked personal or not. The fields are the unit of a grant:
 * a consumer is answered only the fields it was granted.
 */

/** 无条件共享 · 有条件共享 · 不予共享 (国务院《政务信息资源共享管理暂行办法》). */
export const SharingClasses = ['unconditional', 'conditional', 'not-shared'] as const;
export type SharingClass = (typeof SharingClasses)[number];

export const SharingClassNames: Readonly<Record<SharingClass, string>> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  'not-shared': '不予共享',
};

export interface DataField {
  /** A top-level member of the response contract. */
  name: string;
  /** Personal information (个人信息): logged only as digests, never shown to the unentitled. */
  personal: boolean;
  description?: string | undefined;
}

export interface DataService {
  code: string;
  name: string;
  description: string;
  /** The provider department's credit code. */
  provider: string;
  sharingClass: SharingClass;
  /** `$id`s of contracts under schemas/data-services/. */
  requestSchema: string;
  responseSchema: string;
  fields: readonly DataField[];
  legalBasis: string;
  /** How long the hub waits for the provider before answering ERR_DATA_TIMEOUT. */
  timeoutMs: number;
  /**
   * For providers without Kafka: the URL the hub POSTs each request to, signed like the webhooks.
   * Absent → the provider's topic `data.<provider>.requests`.
   */
  endpoint?: string | undefined;
  /**
   * Days the bodies of answered exchanges are kept, sealed, when the provider's rules demand it
   * (readable by auditors only). Absent → no body is kept, only digests in the message log.
   */
  bodyRetentionDays?: number | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export type DataServiceInput = Omit<DataService, 'createdAt' | 'updatedAt' | 'timeoutMs'> & { timeoutMs?: number | undefined };

/** A service code names topics and paths: lower-case words joined by hyphens. */
export const SERVICE_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
