import { describe, expect, it } from 'vitest';
import { startingUp } from './http-server.js';

describe('the answer while the hub starts', () => {
  it('is alive for liveness probes', async () => {
    const response = startingUp(new Request('http://hub/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', starting: true });
  });

  it('is a coded 503 with Retry-After for everything else', async () => {
    const response = startingUp(new Request('http://hub/v1/licenses', { method: 'POST' }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'ERR_NOT_READY', instance: '/v1/licenses' });
  });
});
