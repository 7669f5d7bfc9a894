/**
 * @module pki/ca/in-memory-ca-material-store
 * `CaMaterialStore` fake for tests and throwaway hubs; remembers which entries were written as secret.
 */
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';

export class InMemoryCaMaterialStore implements CaMaterialStore {
  readonly entries = new Map<string, { data: Uint8Array; secret: boolean }>();

  async read(name: string): Promise<Uint8Array | undefined> {
    const entry = this.entries.get(name);
    return entry && new Uint8Array(entry.data);
  }

  async write(name: string, data: Uint8Array, options: { secret?: boolean } = {}): Promise<void> {
    this.entries.set(name, { data: new Uint8Array(data), secret: options.secret === true });
  }
}
