/**
 * The legacy-database part of the connectors' end-to-end story (runLegacyDbScenario) on its own hub,
 * with licences published over the real Kafka broker (`--via kafka`): one department's PostgreSQL and
 * MariaDB tables captured at the same time, and a clerk's verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMR, startLegacyHub, type LegacyHub } from './legacy-db-support.js';
import { expectedVerdicts, runLegacyDbScenario } from './legacy-db-scenario.js';

describe('legacy-database connectors end to end', () => {
  let legacy: LegacyHub;
  beforeAll(async () => {
    legacy = await startLegacyHub({ via: 'kafka' });
  });
  afterAll(async () => legacy?.stop());

  it('rows inserted and updated in a PostgreSQL and a MariaDB table reach the hub, and a clerk verifies them', async () => {
    const verdicts = await runLegacyDbScenario({
      fixture: legacy.fixture,
      hub: legacy.hub,
      issuer: SAMR,
      clerk: legacy.clerk,
      series: '4313',
    });
    expect(verdicts).toEqual(expectedVerdicts('4313'));
  });
});
