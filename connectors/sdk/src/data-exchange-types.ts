/**
 * @module data-exchange-types
 * The shapes of the data exchange as a department system sees them, the same over HTTP and Kafka:
 * what a provider's handler receives, what a consumer gets back, and the refusal a provider throws.
 */
import { ConnectorError } from './errors.js';

export interface DataPurpose {
  /** 办件编号: every request is made for a case. */
  caseNo: string;
  /** 事项编码: required for 有条件共享 services; must be a purpose of the grant. */
  serviceItem?: string;
}

/** What a provider's handler is asked (`data.<provider>.requests`). */
export interface DataRequest<P = unknown> {
  exchangeId: string;
  service: string;
  /** The asking department's credit code. */
  consumer: string;
  purpose: DataPurpose;
  params: P;
  /** When the hub stops waiting (ISO time). */
  deadline: string;
}

/** Where the request came from: the request topic's partition and offset, or the hub's signed POST. */
export type DataRequestContext = { via: 'kafka'; partition: number; offset: string } | { via: 'http'; deliveryId: string };

export type DataHandler<P = unknown> = (request: DataRequest<P>, context: DataRequestContext) => Promise<object>;

/** A consumer's answer: only the fields its grant allows. */
export interface DataAnswer<D = Record<string, unknown>> {
  exchangeId: string;
  service: string;
  data: D;
}

/**
 * Thrown by a provider's handler to refuse with a code of its own (`ERR_NO_SUCH_PERSON` …); the
 * consumer receives ERR_DATA_PROVIDER_REFUSED with that code as `providerCode`.
 */
export class DataRefusal extends ConnectorError {
  constructor(code: string, message: string) {
    if (!/^ERR_[A-Z0-9_]+$/.test(code)) throw new TypeError('a refusal code looks like ERR_SOMETHING');
    super(code, message);
  }
}
