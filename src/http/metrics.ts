/**
 * @module http/metrics
 * Prometheus metrics: process defaults, a request histogram by route pattern and status, the
 * exchange histogram, counters of this instance's events, and gauges fed by callbacks (outbox lag)
 * so the HTTP layer needs no knowledge of where the numbers come from. Every series is owned here,
 * so wiring holds no figures of its own.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface GaugeSource {
  name: string;
  help: string;
  read(): Promise<number>;
}

export interface HubMetrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** A data request through the exchange, by service, consumer department and outcome (`ok` or the error code). */
  observeExchange(labels: { service: string; consumer: string; code: string }, seconds: number): void;
  /** A caller's verification misses looked like enumeration. */
  countEnumerationAlert(): void;
  /** Messages of `licenses.submit` finished: stored, refused or dead-lettered (not those to retry). */
  countSubmissionsHandled(count: number): void;
  /** A pass of the seal sweep: licences re-verified, and those whose seal, JWS or row MAC failed. */
  countSealSweep(report: { checked: number; mismatches: number }): void;
  /** Gauges read at scrape time, added once the groups that own their figures exist. */
  addGauges(gauges: readonly GaugeSource[]): void;
}

/**
 * `labels` go on every series, e.g. `{ hub_instance: 'hub-a' }`: with several instances behind one
 * scrape job, each series says which instance it counts (not `instance`, which Prometheus sets itself).
 */
export function createHubMetrics(gauges: readonly GaugeSource[] = [], labels: Record<string, string> = {}): HubMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'zz_' });
  const requests = new Histogram({
    name: 'zz_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Counts per code come with the histogram (`_count`); p50/p99 from its buckets (histogram_quantile).
  const exchanges = new Histogram({
    name: 'zz_data_exchange_duration_seconds',
    help: 'Data requests through the exchange by service, consumer and outcome code, consumer-facing latency',
    labelNames: ['service', 'consumer', 'code'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // Since this instance started: a restart begins again at 0, which rate() and increase() expect.
  const enumerationAlerts = new Counter({
    name: 'zz_verification_enumeration_alerts',
    help: 'Callers whose verification misses looked like enumeration (since start)',
    registers: [registry],
  });
  const submissionsHandled = new Counter({
    name: 'zz_licence_submissions_handled',
    help: 'Messages of licenses.submit this instance finished (stored, refused or dead-lettered) since start',
    registers: [registry],
  });
  const sweepChecked = new Counter({
    name: 'zz_seal_sweep_checked',
    help: 'Stored licences the seal sweep re-verified (seal and row MAC) since start',
    registers: [registry],
  });
  const integrityMismatches = new Counter({
    name: 'zz_licence_integrity_mismatches',
    help: 'Stored licences the seal sweep found with a failing seal, JWS or row MAC (since start; each pass counts again)',
    registers: [registry],
  });
  const addGauges = (sources: readonly GaugeSource[]) => {
    for (const source of sources) {
      new Gauge({
        name: source.name,
        help: source.help,
        registers: [registry],
        async collect() {
          try {
            this.set(await source.read());
          } catch {
            // A scrape during an outage reports NaN rather than failing the whole scrape.
            this.set(Number.NaN);
          }
        },
      });
    }
  };
  addGauges(gauges);
  return {
    registry,
    observeRequest({ method, route, status }, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
    observeExchange(labels, seconds) {
      exchanges.observe(labels, seconds);
    },
    countEnumerationAlert() {
      enumerationAlerts.inc();
    },
    countSubmissionsHandled(count) {
      if (count > 0) submissionsHandled.inc(count);
    },
    countSealSweep({ checked, mismatches }) {
      if (checked > 0) sweepChecked.inc(checked);
      if (mismatches > 0) integrityMismatches.inc(mismatches);
    },
    addGauges,
  };
}
