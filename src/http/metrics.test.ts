import { describe, expect, it } from 'vitest';
import { createHubMetrics } from './metrics.js';

describe('hub metrics', () => {
  it('counts enumeration alerts and handled submissions as counters under their names, labelled by instance', async () => {
    const metrics = createHubMetrics([], { hub_instance: 'hub-a' });
    metrics.countEnumerationAlert();
    metrics.countEnumerationAlert();
    metrics.countSubmissionsHandled(3);
    metrics.countSubmissionsHandled(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE zz_verification_enumeration_alerts counter');
    expect(text).toContain('zz_verification_enumeration_alerts{hub_instance="hub-a"} 2');
    expect(text).toContain('# TYPE zz_licence_submissions_handled counter');
    expect(text).toContain('zz_licence_submissions_handled{hub_instance="hub-a"} 3');
  });

  it('reports both counters at 0 before anything happened', async () => {
    const text = await createHubMetrics().registry.metrics();
    expect(text).toMatch(/^zz_verification_enumeration_alerts 0$/m);
    expect(text).toMatch(/^zz_licence_submissions_handled 0$/m);
  });

  it('reads gauges added after creation at scrape time, and NaN when a source fails', async () => {
    const metrics = createHubMetrics();
    let backlog = 4;
    metrics.addGauges([
      { name: 'zz_test_backlog', help: 'test', read: async () => backlog },
      { name: 'zz_test_down', help: 'test', read: () => Promise.reject(new Error('down')) },
    ]);
    expect(await metrics.registry.metrics()).toMatch(/^zz_test_backlog 4$/m);
    backlog = 9;
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^zz_test_backlog 9$/m);
    // prom-client writes NaN as `Nan`, which Prometheus parses case-insensitively.
    expect(text).toMatch(/^zz_test_down Nan$/m);
  });
});
