/**
 * @module core/ports/exchange-body-store
 * Where the sealed bodies of data exchanges are kept for a service's retention, and deleted after.
 */
export interface KeptBodies {
  exchangeId: string;
  service: string;
  provider: string;
  consumer: string;
  keyId: string;
  requestSealed: string;
  responseSealed: string;
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
