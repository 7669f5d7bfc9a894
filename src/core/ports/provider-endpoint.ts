/**
 * @module core/ports/provider-endpoint
 * How the exchange reaches a provider without Kafka: one signed POST of the request to the URL the
 * provider registered, bounded by the request's timeout. The adapter reports what happened on the
 * wire; the exchange decides what it means for the consumer (timeout, provider down, malformed).
 */
export type EndpointOutcome =
  /** A 2xx answer; `body` is its text, read up to the adapter's size bound (`tooLarge` past it). */
  | { kind: 'answered'; body: string; tooLarge?: boolean }
  | { kind: 'timeout' }
  /** Refused connection, DNS failure, a redirect or a non-2xx status: `detail` says which, no internals. */
  | { kind: 'down'; detail: string };

export interface ProviderEndpoint {
  /** POSTs `body` (JSON) to `url`, signed with `exchangeId` as the delivery id. */
  post(url: string, exchangeId: string, body: string, timeoutMs: number): Promise<EndpointOutcome>;
}
