/**
 * @module pki/ca/sign-certificate
 * The single place certificates are signed: CA bootstrap, CSR issuance and test fixtures all come
 * through here, so every certificate gets a subject key identifier and (when issued by a CA) an
 * authority key identifier equal to the issuer's SKI — which path building relies on.
 */
import { randomBytes } from 'node:crypto';
import type { Signer } from '../../core/ports/signer.js';
import { sameBytes, toArrayBuffer } from '../bytes.js';
import { x509SigningParams } from '../keys/signer-crypto.js';
import * as x509 from '../x509.js';

/** Backdating absorbs clock skew between the hub and the systems that check its certificates. */
export const BACKDATE_MS = 5 * 60_000;

/** A CA able to issue: its certificate, its key, and the certificates above it up to the root. */
export interface CertificateIssuer {
  readonly certificate: x509.X509Certificate;
  readonly signer: Signer;
  /** Issuer's own chain, nearest first, ending with the root; empty for a root. */
  readonly chain: readonly x509.X509Certificate[];
}

export interface SignCertificateParams {
  subject: x509.Name;
  publicKeySpki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** Profile extensions; SKI and AKI are added here. */
  extensions: x509.Extension[];
  /** `{ selfSigned }` makes a root signed by the subject's own key. */
  issuer: CertificateIssuer | { selfSigned: Signer };
  /** Hex; random 128-bit when absent. */
  serialNumber?: string;
}

export async function signCertificate(params: SignCertificateParams): Promise<x509.X509Certificate> {
  const { issuer } = params;
  const subjectKeyId = await keyIdentifier(params.publicKeySpki);
  const authority =
    'selfSigned' in issuer
      ? { name: params.subject, keyId: subjectKeyId, signer: issuer.selfSigned }
      : { name: issuer.certificate.subjectName, keyId: issuerKeyId(issuer.certificate), signer: issuer.signer };
  if ('selfSigned' in issuer && !sameBytes(issuer.selfSigned.publicKeySpki, params.publicKeySpki)) {
    throw new TypeError('a self-signed certificate must certify the signer’s own key');
  }
  const { signingKey, signingAlgorithm, crypto } = await x509SigningParams(authority.signer);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: params.serialNumber ?? randomSerialNumber(),
      subject: params.subject,
      issuer: authority.name,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      publicKey: toArrayBuffer(params.publicKeySpki),
      signingKey,
      signingAlgorithm,
      extensions: [
        ...params.extensions,
        new x509.SubjectKeyIdentifierExtension(subjectKeyId),
        new x509.AuthorityKeyIdentifierExtension(authority.keyId),
      ],
    },
    crypto,
  );
}

/**
 * 128 random bits as a positive DER INTEGER that always takes exactly 16 octets: the top bit is
 * cleared (positive) and the next set (no leading zero to strip), leaving 126 bits of entropy —
 * well above the 64 bits CA/B rules ask for — and a serial that is always 32 hex digits.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 over the subjectPublicKey BIT STRING. */
export async function keyIdentifier(spki: Uint8Array): Promise<string> {
  const id = await new x509.PublicKey(toArrayBuffer(spki)).getKeyIdentifier();
  return Buffer.from(id).toString('hex');
}

/** The issuer's own SKI (it may have been computed by another method); hub CAs always carry one. */
export function issuerKeyId(certificate: x509.X509Certificate): string {
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return ski.keyId;
  throw new TypeError(`issuer ${certificate.subject} has no subject key identifier`);
}
