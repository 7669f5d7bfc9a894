/**
 * @module core/ports/exchange-body-store
 * Where the sealed bodies of data exchanges are kept for a service's retention, and deleted after.
 */
export interface KeptBodies {
  exchangeId: string;
  service: string;
  provider: string;
  consumer: string;
  /** How the exchange ended: 'ok', or the code the consumer received (a refusal, a timeout …). */
  outcome: string;
  keyId: string;
  requestSealed: string;
  /** Absent when no answer arrived (a timeout, an unreachable provider). */
  responseSealed: string | undefined;
  keptAt: Date;
  purgeAfter: Date;
}

export interface ExchangeBodyStore {
  keep(bodies: KeptBodies): Promise<void>;
  /** The bodies of one exchange while they are kept (not yet past `purgeAfter` at `now`). */
  find(exchangeId: string, now: Date): Promise<KeptBodies | undefined>;
  /** Deletes every row past its retention at `now`; how many went. */
  purge(now: Date): Promise<number>;
}
