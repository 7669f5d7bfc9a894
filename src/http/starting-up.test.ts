import { describe, expect, it } from 'vitest';
import { startingUp } from './starting-up.js';

describe('the answer while the hub starts', () => {
  it('is alive for liveness probes', async () => {
    const response = await startingUp(1024)(new Request('http://hub/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', starting: true });
  });

  it('is a coded 503 with Retry-After for everything else', async () => {
    const response = await startingUp(1024)(new Request('http://hub/v1/licenses', { method: 'POST' }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'ERR_NOT_READY', instance: '/v1/licenses' });
  });

  it('refuses a body over the limit with 413, as the started hub will', async () => {
    const response = await startingUp(1024)(
      new Request('http://hub/v1/tokens', { method: 'POST', headers: { 'content-length': '3000000' }, body: 'x' }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', limitBytes: 1024 });
  });
});
