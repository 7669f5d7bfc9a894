/**
 * @module core/licenses/in-memory-row-mac-keys
 * `RowMacKeys` fake for unit tests: every key id names its own HMAC key (derived from the id), so a
 * test can MAC rows under an "old" key and check them with a ring whose current key is another.
 */
import { createHmac } from 'node:crypto';
import type { RowMacKeys } from '../ports/row-mac-keys.js';

export function createInMemoryRowMacKeys(currentKid = 'k1'): RowMacKeys {
  const mac = (kid: string, message: string) => createHmac('sha256', `in-memory-key-${kid}`).update(message).digest('hex');
  return {
    currentKid,
    sign: (message) => ({ kid: currentKid, mac: mac(currentKid, message) }),
    check: (message, tag) => mac(tag.kid, message) === tag.mac,
    learn: async () => {},
  };
}
