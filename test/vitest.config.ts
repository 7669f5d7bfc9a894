/**
 * Two projects: `unit` (beside the code, no services) and `integration` (test/, real PostgreSQL, Kafka
 * and MariaDB started by test/services/global-setup.ts unless DATABASE_URL / KAFKA_BROKERS / MARIADB_URL
 * are given).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// Tests run the connectors from source: no build needed between an edit and its test.
const connectorSources = {
  '@zhengzhao/sdk': `${root}connectors/sdk/src/index.ts`,
  '@zhengzhao/import': `${root}connectors/import/src/index.ts`,
  '@zhengzhao/legacy-db': `${root}connectors/legacy-db/src/index.ts`,
};

export default defineConfig({
  test: {
    root,
    reporters: ['default', './test/reporters/no-skips.ts'],
    projects: [
      {
        resolve: { alias: connectorSources },
        test: {
          name: 'unit',
          root,
          include: ['src/**/*.test.ts', 'connectors/**/*.test.ts'],
          setupFiles: ['./test/setup/reflect-metadata.ts'],
          testTimeout: 20_000,
          // Hooks build keys and CAs like the tests do: the same bound, not vitest's 10 s.
          hookTimeout: 20_000,
          // expect.poll waits on a condition; its default second is too short for a loaded machine.
          expect: { poll: { timeout: 10_000 } },
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias: connectorSources },
        test: {
          name: 'integration',
          root,
          include: ['test/**/*.test.ts'],
          setupFiles: ['./test/setup/reflect-metadata.ts'],
          globalSetup: ['./test/services/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          expect: { poll: { timeout: 30_000 } },
          // Two cores and real servers: a few files at a time keeps timings honest.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
