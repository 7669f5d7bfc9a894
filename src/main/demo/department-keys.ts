/**
 * @module main/demo/department-keys
 * A department's key pair made the way its own system would make it: a P-256 key generated locally
 * and a PKCS#10 request proving possession, for the hub CA to certify. The demo county and the
 * ingest benchmark enrol their departments with these; the hub only ever sees the CSR.
 */
import { generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { FileSigner } from '../../pki/keys/file-signer.js';
import * as x509 from '../../pki/x509.js';

export interface DepartmentKey {
  privateKey: KeyObject;
  /** PEM PKCS#10; its subject is a placeholder, the hub writes the real one from its records. */
  csr: string;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function generateDepartmentKey(): Promise<DepartmentKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // The CSR library signs through WebCrypto: hand it the same key pair, imported.
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), EC, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), EC, true, ['verify']),
  };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=department key',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { privateKey, csr: csr.toString('pem') };
}

/** The key as passphrase-encrypted PKCS#8 PEM (the at-rest format of `FileSigner`) and as a signer. */
export function toFileSigner(privateKey: KeyObject, passphrase: string): { signer: FileSigner; encryptedPem: string } {
  const encryptedPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
  return { signer: FileSigner.fromEncryptedPem(encryptedPem, passphrase), encryptedPem };
}
