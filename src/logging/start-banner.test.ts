import { describe, expect, it } from 'vitest';
import { formatStartBanner } from './start-banner.js';

describe('start banner', () => {
  it('names the console, the demo clerk login, the admin token file and a licence to try', () => {
    const text = formatStartBanner({
      consoleUrl: 'http://127.0.0.1:8080/console/login',
      adminTokenFile: '/srv/zz/admin.token',
      demoClerk: { username: 'demo.clerk', password: 'pw-123' },
      tryLicence: 'JY14301250012345',
    });
    expect(text).toContain('http://127.0.0.1:8080/console/login');
    expect(text).toContain('demo.clerk / pw-123');
    expect(text).toContain('/srv/zz/admin.token');
    expect(text).toContain('JY14301250012345');
    expect(text.split('\n').length).toBeLessThanOrEqual(8);
  });

  it('leaves out the demo lines when there is no demo county', () => {
    const text = formatStartBanner({
      consoleUrl: 'http://h/console/login',
      adminTokenFile: '/t',
      demoClerk: undefined,
      tryLicence: undefined,
    });
    expect(text).not.toMatch(/Clerk|Try/);
  });
});
