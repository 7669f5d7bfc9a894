/**
 * @module core/ports/ca-material-store
 * Where the hub CA keeps its certificates and encrypted keys. A tiny named-blob store so the same CA
 * code runs on a directory today (`pki/file-ca-material-store.ts`) and a database table later. Keys
 * arrive already encrypted; `secret` tells the store to restrict access further (file mode 0600).
 */

export interface CaMaterialStore {
  /** The stored bytes, or `undefined` when nothing is stored under `name`. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Stores `data` under `name`, replacing any previous value atomically. */
  write(name: string, data: Uint8Array, options?: { secret?: boolean }): Promise<void>;
}
