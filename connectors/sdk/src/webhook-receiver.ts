/**
 * @module webhook-receiver
 * The receiving side of the hub's event webhooks, following Standard Webhooks with asymmetric
 * signatures: headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a
 * space-separated list of `v1a,<base64 Ed25519 signature>` over `${id}.${timestamp}.${body}`. The
 * receiver holds only the hub's public key (`whpk_<base64 raw key>` or PEM), so it can verify but
 * never forge. The `standardwebhooks` library implements only the symmetric `v1` scheme, hence
 * node:crypto here. Checked: all three headers present, timestamp within the tolerance (replays of
 * old deliveries fail), at least one `v1a` signature valid over the exact raw body. The body is the
 * Standard Webhooks payload `{type, timestamp, data}` with the licence event as `data` (the hub's
 * side: src/webhooks/README.md).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ConnectorError } from './errors.js';
import type { LicenseEvent } from './payloads/license-event.js';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class WebhookVerificationError extends ConnectorError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export interface WebhookDelivery {
  /** `webhook-id`: the same across retries of one delivery, so receivers dedupe by it. */
  id: string;
  timestamp: Date;
  event: LicenseEvent;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookReceiverOptions {
  /** The hub's webhook public key: `whpk_…`, a PEM SPKI, or a KeyObject. */
  publicKey: string | KeyObject;
  toleranceSeconds?: number;
  clock?: () => number;
}

/** Parses a Standard Webhooks public key (`whpk_` + base64 of the raw 32-byte Ed25519 key) or PEM. */
export function webhookPublicKey(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key;
  if (key.startsWith('whpk_')) {
    const raw = Buffer.from(key.slice(5), 'base64');
    if (raw.length !== 32) throw new TypeError('a whpk_ key holds 32 bytes of Ed25519 public key');
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  }
  const parsed = createPublicKey(key);
  if (parsed.asymmetricKeyType !== 'ed25519') throw new TypeError('the webhook key must be an Ed25519 public key');
  return parsed;
}

/**
 * Checks a request the hub signed (an event delivery, or a data request to a provider without
 * Kafka): the three headers, the timestamp within the tolerance, and one valid `v1a` signature over
 * the exact raw body. Returns the delivery id, the signing time and the body bytes, still unparsed.
 */
export function verifyHubSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options: WebhookReceiverOptions,
): { id: string; timestamp: Date; body: Buffer } {
  const key = webhookPublicKey(options.publicKey);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('ERR_WEBHOOK_HEADERS', '缺少 webhook-id、webhook-timestamp 或 webhook-signature 头');
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  const now = (options.clock ?? Date.now)() / 1000;
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > tolerance) {
    throw new WebhookVerificationError('ERR_WEBHOOK_TIMESTAMP', `webhook-timestamp 须在当前时间前后 ${tolerance} 秒内（防重放）`);
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
  const valid = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1a' || !value) return false;
    const signature = Buffer.from(value, 'base64');
    return signature.length === 64 && verify(null, signed, key, signature);
  });
  if (!valid) throw new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE', '没有有效的 v1a 签名：内容被改动，或不是枢纽发出的');
  return { id, timestamp: new Date(seconds * 1000), body };
}

/** Verifies one delivery and returns its event; throws WebhookVerificationError with a stable code. */
export function receiveWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, options: WebhookReceiverOptions): WebhookDelivery {
  const { id, timestamp, body } = verifyHubSignature(rawBody, headers, options);
  // The Standard Webhooks payload (src/webhooks/README.md): `{type, timestamp, data}`, the event as data.
  let payload: { type?: unknown; data?: unknown };
  try {
    payload = JSON.parse(body.toString('utf8')) as typeof payload;
  } catch {
    throw new WebhookVerificationError('ERR_WEBHOOK_BODY', '投递内容不是 JSON');
  }
  if (typeof payload?.type !== 'string' || typeof payload.data !== 'object' || payload.data === null) {
    throw new WebhookVerificationError('ERR_WEBHOOK_BODY', '投递内容须为 {type, timestamp, data} 形式');
  }
  return { id, timestamp, event: payload.data as LicenseEvent };
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}
