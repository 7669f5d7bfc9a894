/**
 * @module core/data-sharing/data-catalogue
 * The sharing catalogue (共享目录): a provider department registers or revises its services, every
 * authenticated member reads them. A revision may change a contract only to one the systems already
 * using the service still work with — requests they send stay valid, answers stay readable — the
 * licence contracts' compatibility rules applied in both directions. Registrations are audited.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { DataContracts } from '../ports/data-contracts.js';
import type { DataSharingRepository } from '../ports/data-sharing-repository.js';
import { checkEndpointUrl } from '../webhooks/endpoint-url.js';
import { SERVICE_CODE, type DataService, type DataServiceInput } from './data-service.js';
import {
  DataContractIncompatibleError,
  DataNotProviderError,
  DataServiceInvalidError,
  DataServiceNotFoundError,
} from './data-sharing-errors.js';

export const DEFAULT_DATA_TIMEOUT_MS = 10_000;

export interface DataCatalogueDeps {
  repository: DataSharingRepository;
  contracts: DataContracts;
  assertActiveDepartment(uscc: string): Promise<unknown>;
  /** The provider's topic exists before anyone can be routed to it. */
  providerRegistered(provider: string): Promise<void>;
  now(): Date;
}

export interface DataCatalogue {
  register(caller: Principal, input: DataServiceInput): Promise<DataService>;
  list(): Promise<DataService[]>;
  get(code: string): Promise<DataService>;
}

export function createDataCatalogue(deps: DataCatalogueDeps): DataCatalogue {
  async function get(code: string): Promise<DataService> {
    const service = await deps.repository.findService(code);
    if (!service) throw new DataServiceNotFoundError(`共享目录中没有数据服务 ${code}`);
    return service;
  }

  function assertContracts(input: DataServiceInput): void {
    for (const id of [input.requestSchema, input.responseSchema]) {
      if (!deps.contracts.has(id)) throw new DataServiceInvalidError(`${id} is not a contract under schemas/data-services/`);
    }
    const offered = new Set(deps.contracts.fields(input.responseSchema));
    const unknown = input.fields.filter((f) => !offered.has(f.name)).map((f) => f.name);
    const unclassified = [...offered].filter((name) => !input.fields.some((f) => f.name === name));
    if (unknown.length > 0 || unclassified.length > 0 || offered.size === 0) {
      throw new DataServiceInvalidError('every top-level field of the response contract must be listed once, marked personal or not', {
        extra: { unknownFields: unknown, unlistedFields: unclassified },
      });
    }
  }

  function assertCompatible(before: DataService, input: DataServiceInput): void {
    const problems = [
      ...(before.requestSchema === input.requestSchema ? [] : deps.contracts.unreadable(before.requestSchema, input.requestSchema)),
      // Consumers' systems read answers under the old contract: the old one must read the new answers.
      ...(before.responseSchema === input.responseSchema ? [] : deps.contracts.unreadable(input.responseSchema, before.responseSchema)),
    ];
    if (problems.length > 0) {
      throw new DataContractIncompatibleError('the new contracts would break systems using this service; register it under a new code', {
        extra: { problems },
      });
    }
  }

  return {
    async register(caller, input) {
      if (!SERVICE_CODE.test(input.code)) throw new DataServiceInvalidError('a service code is lower-case words joined by hyphens');
      if (caller.role !== 'security-admin' && caller.department !== input.provider) {
        throw new DataNotProviderError('a department registers only its own services');
      }
      await deps.assertActiveDepartment(input.provider);
      assertContracts(input);
      const endpoint = input.endpoint === undefined ? undefined : checkEndpointUrl(input.endpoint);
      if (endpoint && 'problem' in endpoint) throw new DataServiceInvalidError(endpoint.problem);
      const before = await deps.repository.findService(input.code);
      if (before && before.provider !== input.provider) throw new DataNotProviderError(`${input.code} belongs to another department`);
      if (before) assertCompatible(before, input);
      const service = { ...input, timeoutMs: input.timeoutMs ?? DEFAULT_DATA_TIMEOUT_MS, endpoint: endpoint?.href };
      await deps.providerRegistered(service.provider);
      await deps.repository.saveService(service, [
        auditEntry(caller, AuditActions.dataServiceRegister, deps.now(), {
          target: service.code,
          details: {
            provider: service.provider,
            sharingClass: service.sharingClass,
            requestSchema: service.requestSchema,
            responseSchema: service.responseSchema,
            revision: before !== undefined,
            endpoint: endpoint?.href,
          },
        }),
      ]);
      return get(service.code);
    },
    list: () => deps.repository.listServices(),
    get,
  };
}
