/**
 * @module index
 * Bulk import of historical licences (`zhengzhao import`): the runner the CLI calls and the pieces
 * a department may reuse (mapping, record reader).
 */
export { runImport } from './run-import.js';
export type { ImportIo, ImportOptions, ImportResult } from './run-import.js';
export { ImportFailure } from './import-errors.js';
export { loadMapping, createMapping } from './mapping.js';
export type { Mapping, StatusRequest } from './mapping.js';
export { readRecords, formatOf } from './record-reader.js';
export type { FileEncoding, FileFormat, RawRow } from './record-reader.js';
export { checkpointPath } from './checkpoint.js';
export type { ImportCounts } from './checkpoint.js';
export { rejectsPath } from './rejects-file.js';
export type { RejectEntry } from './rejects-file.js';
