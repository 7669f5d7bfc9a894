/**
 * @module legacy-db
 * The public API of the legacy-database connector (see README.md): load source.json with its
 * mapping, create the connector with a hub client from the SDK, then prepare and run it.
 */
export { createLegacyDbConnector } from './legacy-db-connector.js';
export type { LegacyDbConnector, LegacyDbConnectorOptions } from './legacy-db-connector.js';
export { loadSourceConfig } from './source-config.js';
export { SourceBusyError } from './capture-source.js';
export type { SourceConfig } from './source-config.js';
export { mapRow, mappedColumns } from './column-mapping.js';
export type { ColumnMapping, FieldSource, MappedRow, StatusValue } from './column-mapping.js';
export { MAPPING_ERROR_CODE } from './sync-row.js';
export type { LicensePublisher, SyncOutcome } from './sync-row.js';
export type { CaptureCounts, CaptureLog } from './run-capture.js';
