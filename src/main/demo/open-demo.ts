/**
 * @module main/demo/open-demo
 * The demo (ZZ_DEMO) as one group for main: the county is seeded in the background once the hub
 * serves, and only after it exists do its 公安局 and 民政局 start answering data requests from
 * their small registers. `stop()` interrupts a seeding in progress, then stops the providers.
 */
import type { Config } from '../../config/config.js';
import { servicePrincipal } from '../../core/audit/audit-actions.js';
import type { Principal } from '../../core/auth/principal.js';
import type { Logger } from '../../core/ports/logger.js';
import type { CreateApiTokenInput, CreatedApiToken } from '../../core/tokens/create-api-token.js';
import { startDemoDataProviders, type DemoDataProviderDeps } from './demo-data-providers.js';
import type { DemoSummary } from './seed-demo-county.js';
import { startDemoCounty, type DemoCountyDeps } from './start-demo-county.js';

/** The wired groups the demo uses, as main holds them. */
export interface DemoDeps {
  publicUrl: string;
  infrastructure: Pick<DemoDataProviderDeps, 'bus' | 'topicsReady'>;
  departments: DemoCountyDeps['departments'];
  trust: Pick<DemoCountyDeps, 'certificates'>;
  rights: DemoCountyDeps['rights'];
  licensing: Pick<DemoCountyDeps, 'publish' | 'changeStatus'>;
  staff: Pick<DemoCountyDeps, 'createUser'>;
  cases: Pick<DemoCountyDeps, 'importCatalogue' | 'casesAt'>;
  dataSharing: Pick<DemoDataProviderDeps, 'catalogue' | 'grants'>;
  createApiToken(caller: Principal, input: CreateApiTokenInput): Promise<CreatedApiToken>;
  now(): Date;
}

export interface DemoRun {
  /** The county's summary once seeded; `undefined` when it already existed or seeding stopped. */
  readonly done: Promise<DemoSummary | undefined>;
  stop(): Promise<void>;
}

export function openDemo(config: Config, logger: Logger, deps: DemoDeps): DemoRun {
  const { departments, licensing, now } = deps;
  const county = startDemoCounty(config, logger, {
    departments,
    certificates: deps.trust.certificates,
    rights: deps.rights,
    publish: licensing.publish,
    changeStatus: licensing.changeStatus,
    createUser: deps.staff.createUser,
    importCatalogue: deps.cases.importCatalogue,
    casesAt: deps.cases.casesAt,
    consoleUrl: `${deps.publicUrl}/console/login`,
    now,
  });
  const providers = county.done.then(() =>
    startDemoDataProviders({
      bus: deps.infrastructure.bus,
      topicsReady: deps.infrastructure.topicsReady,
      catalogue: deps.dataSharing.catalogue,
      grants: deps.dataSharing.grants,
      departments,
      mintSystemToken: async (department) =>
        (await deps.createApiToken(servicePrincipal('hub:demo-county'), { role: 'system', department, ttl: '30d' })).token,
      groupPrefix: config.kafkaGroupId,
      logger: logger.child({ component: 'demo' }),
      now,
    }).catch((error: unknown) => {
      logger.error({ err: error }, 'demo data providers could not start');
      return undefined;
    }),
  );
  return {
    done: county.done,
    async stop() {
      await county.stop();
      await (await providers)?.stop();
    },
  };
}
