import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiveWebhook, webhookPublicKey, WebhookVerificationError } from './webhook-receiver.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const whpk = `whpk_${publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64')}`;
const event = { eventId: 'e1', type: 'license.status-changed', licenseId: 'x', status: 'revoked' };
const body = JSON.stringify({ type: event.type, timestamp: '2027-01-15T08:00:00.000Z', data: event });
const now = 1_800_000_000;

function headers(overrides: Record<string, string> = {}, signedBody = body, key = privateKey) {
  const id = overrides['webhook-id'] ?? 'msg_2b3c';
  const timestamp = overrides['webhook-timestamp'] ?? String(now);
  const signature = sign(null, Buffer.from(`${id}.${timestamp}.${signedBody}`), key).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,aGVsbG8= v1a,${signature}`, ...overrides };
}
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as WebhookVerificationError).code;
  }
  return 'accepted';
};
const options = { publicKey: whpk, clock: () => now * 1000 };

describe('Standard Webhooks receiver (v1a, Ed25519)', () => {
  it('accepts a delivery signed by the hub, with the whpk_ key, a PEM key or Headers', () => {
    expect(receiveWebhook(body, headers(), options)).toMatchObject({ id: 'msg_2b3c', event: { eventId: 'e1', status: 'revoked' } });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(receiveWebhook(Buffer.from(body), new Headers(headers()), { ...options, publicKey: pem }).timestamp).toEqual(
      new Date(now * 1000),
    );
  });

  it('refuses a changed body, another key, a forged id, missing headers and a stale or future timestamp', () => {
    expect(code(() => receiveWebhook(body.replace('revoked', 'valid'), headers(), options))).toBe('ERR_WEBHOOK_SIGNATURE');
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(code(() => receiveWebhook(body, headers({}, body, other), options))).toBe('ERR_WEBHOOK_SIGNATURE');
    expect(code(() => receiveWebhook(body, { ...headers(), 'webhook-id': 'msg_other' }, options))).toBe('ERR_WEBHOOK_SIGNATURE');
    expect(code(() => receiveWebhook(body, { 'webhook-id': 'a', 'webhook-timestamp': String(now) }, options))).toBe('ERR_WEBHOOK_HEADERS');
    expect(code(() => receiveWebhook(body, headers({ 'webhook-timestamp': String(now - 301) }), options))).toBe('ERR_WEBHOOK_TIMESTAMP');
    expect(code(() => receiveWebhook(body, headers({ 'webhook-timestamp': String(now + 301) }), options))).toBe('ERR_WEBHOOK_TIMESTAMP');
    expect(code(() => receiveWebhook(body, { ...headers(), 'webhook-signature': 'v1,aGVsbG8=' }, options))).toBe('ERR_WEBHOOK_SIGNATURE');
  });

  it('takes the event from the Standard Webhooks payload and refuses a signed body of another shape', () => {
    expect(receiveWebhook(body, headers(), options).event).toEqual(event);
    const bare = JSON.stringify(event).replace('"type":"license.status-changed",', '');
    expect(code(() => receiveWebhook(bare, headers({}, bare), options))).toBe('ERR_WEBHOOK_BODY');
    expect(code(() => receiveWebhook('not json', headers({}, 'not json'), options))).toBe('ERR_WEBHOOK_BODY');
  });

  it('takes only Ed25519 public keys', () => {
    expect(() => webhookPublicKey('whpk_AAAA')).toThrow(TypeError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => webhookPublicKey(ec)).toThrow(TypeError);
  });
});
