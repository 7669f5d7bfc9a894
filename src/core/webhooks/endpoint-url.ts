/**
 * @module core/webhooks/endpoint-url
 * The rule for every URL a department registers for the hub to POST to — webhook subscriptions and
 * data providers without Kafka alike: absolute http(s), no credentials (they would sit in logs and
 * audit), no fragment, bounded length. Each caller wraps the problem in its own coded error.
 */
export const MAX_ENDPOINT_URL_LENGTH = 2048;

/** The normalised URL, or the reason it is refused. */
export function checkEndpointUrl(raw: string): { href: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'the endpoint is not an absolute URL' };
  }
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) return { problem: `the endpoint URL is longer than ${MAX_ENDPOINT_URL_LENGTH} characters` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'the endpoint must be an http(s) URL' };
  if (url.username || url.password) return { problem: 'the endpoint URL must not carry credentials' };
  if (url.hash) return { problem: 'the endpoint URL must not have a fragment' };
  return { href: url.href };
}
