/**
 * @module contracts/data-service-contracts
 * Data-service contracts over the schema registry: lookup, validation, and the same compatibility
 * rules as licence contracts (contracts/compatibility), so a provider cannot swap a service's
 * contract for one its consumers' systems can no longer fill in or read.
 */
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { DataContracts } from '../core/ports/data-contracts.js';
import { checkBackwardCompatible } from './compatibility.js';

/** Only contracts under this folder may back a data service. */
const DATA_SERVICE_CONTRACTS = 'data-services/';

export function createDataContracts(registry: ContractRegistry): DataContracts {
  const entry = (id: string) => {
    const found = registry.get(id);
    return found && found.name.startsWith(DATA_SERVICE_CONTRACTS) ? found : undefined;
  };
  return {
    has: (id) => entry(id) !== undefined,
    fields(id) {
      const properties = entry(id)?.schema.properties;
      return properties && typeof properties === 'object' ? Object.keys(properties) : [];
    },
    validate: (id, value) => registry.validate(id, value),
    unreadable(readerOf, reader) {
      const before = entry(readerOf);
      const after = entry(reader);
      if (!before || !after) return [`unknown contract ${before ? reader : readerOf}`];
      const result = checkBackwardCompatible(before.schema, after.schema, { resolve: (uri) => registry.get(uri)?.schema });
      return result.problems.map((p) => `${p.pointer || '/'}: ${p.rule} — ${p.detail}`);
    },
  };
}
