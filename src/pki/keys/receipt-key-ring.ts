/**
 * @module pki/keys/receipt-key-ring
 * The receipt-signing keys kept in the CA material store (encrypted with the operator's
 * passphrase): the current Ed25519 key and the previous one, still published and accepted after a
 * rotation so receipts handed out before it keep verifying. Loading and rotating run under the
 * caller's store lock (`withStore`), so two instances never create or rotate at once; `reload`
 * picks up a rotation another instance made.
 */
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';
import type { ReceiptKeyRing } from '../../core/ports/receipt-signer.js';
import { createReceiptService } from '../jws/receipt-service.js';
import { FileSigner, loadFileSigner, loadOrCreateSigner, saveFileSigner } from './file-signer.js';

const RECEIPT_KEY = 'receipt.key.pem';
const PREVIOUS_RECEIPT_KEY = 'receipt.previous.key.pem';

export interface ReceiptKeyRingOptions {
  /** Runs `work` with the store under a lock held by one instance at a time. */
  withStore<T>(work: (store: CaMaterialStore) => Promise<T>): Promise<T>;
  passphrase: string;
  /** The hub's public URL (`iss` of every receipt). */
  issuer: string;
}

export async function openReceiptKeyRing({ withStore, passphrase, issuer }: ReceiptKeyRingOptions): Promise<ReceiptKeyRing> {
  const load = () =>
    withStore(async (store) => {
      const current = await loadOrCreateSigner(store, RECEIPT_KEY, passphrase, 'EdDSA');
      const previous = await loadFileSigner(store, PREVIOUS_RECEIPT_KEY, passphrase);
      return { current, previous: previous ? [previous] : [] };
    });
  let receipts = await createReceiptService({ ...(await load()), issuer });
  return {
    sign: (claims) => receipts.sign(claims),
    signStatement: (typ, claims) => receipts.signStatement(typ, claims),
    verifyStatement: (typ, statement) => receipts.verifyStatement(typ, statement),
    signBatch: (context, items) => receipts.signBatch(context, items),
    verify: (receipt) => receipts.verify(receipt),
    verifyInclusion: (receipt, inclusion) => receipts.verifyInclusion(receipt, inclusion),
    jwks: () => receipts.jwks(),
    async rotate() {
      const rotated = await withStore(async (store) => {
        const current = await loadOrCreateSigner(store, RECEIPT_KEY, passphrase, 'EdDSA');
        const next = FileSigner.generate('EdDSA');
        await saveFileSigner(store, PREVIOUS_RECEIPT_KEY, current, passphrase);
        await saveFileSigner(store, RECEIPT_KEY, next, passphrase);
        return { current: next, previous: [current] };
      });
      receipts = await createReceiptService({ ...rotated, issuer });
      return { kid: (receipts.jwks().keys[0] as { kid: string }).kid };
    },
    async reload() {
      receipts = await createReceiptService({ ...(await load()), issuer });
    },
  };
}
