/**
 * @module pki/ca/crl
 * Builds, parses and verifies X.509 v2 CRLs (RFC 5280 §5): CRL number and authority key identifier
 * extensions, entries with reason codes by their RFC names. A CRL is short-lived (next update one
 * day after this update by default) so a revocation reaches every verifier within a day even when
 * nothing else changes; the hub re-signs on every change and before nextUpdate.
 */
import { CrlMalformedError } from '../../core/pki-errors.js';
import { x509SigningParams } from '../keys/signer-crypto.js';
import { issuerKeyId, type CertificateIssuer } from './sign-certificate.js';
import * as x509 from '../x509.js';

export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type CrlReasonName = keyof typeof CRL_REASONS;

export const DEFAULT_CRL_LIFETIME_MS = 24 * 60 * 60_000;
const CRL_NUMBER_OID = '2.5.29.20';
/** A county's CRL is small; the bound stops a hostile upload from tying up the parser. */
const MAX_CRL_BYTES = 8 * 1024 * 1024;

export interface CrlEntry {
  /** Lower-case hex serial of the revoked certificate. */
  serial: string;
  revokedAt: Date;
  /** Absent means unspecified: RFC 5280 §5.3.1 says to omit the extension rather than encode 0. */
  reason?: CrlReasonName;
}

export interface CreateCrlOptions {
  issuer: CertificateIssuer;
  /** Monotonically increasing per issuer (RFC 5280 §5.2.3). */
  crlNumber: bigint | number;
  entries: readonly CrlEntry[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  clock?: () => Date;
}

export function isCrlReasonName(value: unknown): value is CrlReasonName {
  return typeof value === 'string' && Object.hasOwn(CRL_REASONS, value);
}

export async function createCrl(options: CreateCrlOptions): Promise<x509.X509Crl> {
  const thisUpdate = options.thisUpdate ?? (options.clock ?? (() => new Date()))();
  const nextUpdate = options.nextUpdate ?? new Date(thisUpdate.getTime() + DEFAULT_CRL_LIFETIME_MS);
  if (nextUpdate.getTime() <= thisUpdate.getTime()) throw new TypeError('CRL nextUpdate must be after thisUpdate');
  const crlNumber = BigInt(options.crlNumber);
  if (crlNumber < 0n || crlNumber >= 2n ** 159n) throw new TypeError('CRL number must fit in 20 octets');
  const { signingKey, signingAlgorithm, crypto } = await x509SigningParams(options.issuer.signer);
  return x509.X509CrlGenerator.create(
    {
      issuer: options.issuer.certificate.subjectName,
      thisUpdate,
      nextUpdate,
      signingKey,
      signingAlgorithm,
      extensions: [
        new x509.Extension(CRL_NUMBER_OID, false, encodeDerInteger(crlNumber)),
        new x509.AuthorityKeyIdentifierExtension(issuerKeyId(options.issuer.certificate)),
      ],
      entries: options.entries.map((entry) => ({
        serialNumber: entry.serial,
        revocationDate: entry.revokedAt,
        // x509 omits the extension for 0 itself; passing undefined keeps that explicit.
        reason: entry.reason && entry.reason !== 'unspecified' ? CRL_REASONS[entry.reason] : undefined,
      })),
    },
    crypto,
  );
}

/**
 * PEM with the RFC 7468 label `X509 CRL`. x509's own `toString('pem')` labels CRLs `CRL`, which
 * openssl and most other tools refuse to read.
 */
export function crlToPem(crl: x509.X509Crl): string {
  return `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n`;
}

/** Parses a PEM (either label) or DER CRL; throws `CrlMalformedError`. */
export function parseCrl(input: string | Uint8Array | x509.X509Crl): x509.X509Crl {
  if (input instanceof x509.X509Crl) return input;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size === 0 || size > MAX_CRL_BYTES) throw new CrlMalformedError('CRL 为空或过大');
  try {
    const crl = new x509.X509Crl(typeof input === 'string' ? input : new Uint8Array(input));
    void crl.thisUpdate; // x509 decodes lazily: make garbage fail here, as malformed
    return crl;
  } catch (cause) {
    throw new CrlMalformedError('无法解析 CRL', { cause });
  }
}

/**
 * Whether `crl` carries a valid signature by `issuer`'s key. Passes the issuer's PublicKey, not the
 * certificate: given a certificate, x509 2.2 verifies with the certificate's own signature algorithm
 * instead of the CRL's, and throws instead of answering false on an algorithm mismatch.
 */
export async function verifyCrlSignature(crl: x509.X509Crl, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await crl.verify({ publicKey: issuer.publicKey });
  } catch {
    return false;
  }
}

export function readCrlNumber(crl: x509.X509Crl): bigint | undefined {
  const extension = crl.getExtension(CRL_NUMBER_OID);
  return extension ? decodeDerInteger(new Uint8Array(extension.value)) : undefined;
}

export function readCrlEntries(crl: x509.X509Crl): CrlEntry[] {
  return crl.entries.map(toCrlEntry);
}

export function findCrlEntry(crl: x509.X509Crl, serial: string): CrlEntry | undefined {
  const entry = crl.findRevoked(serial);
  return entry ? toCrlEntry(entry) : undefined;
}

function toCrlEntry(entry: x509.X509CrlEntry): CrlEntry {
  const name = (Object.keys(CRL_REASONS) as CrlReasonName[]).find((key) => CRL_REASONS[key] === entry.reason);
  return {
    serial: entry.serialNumber.toLowerCase(),
    revokedAt: entry.revocationDate,
    ...(name && name !== 'unspecified' ? { reason: name } : {}),
  };
}

/** DER INTEGER for a non-negative value (x509 has no CRL-number extension class). */
function encodeDerInteger(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const content = Buffer.from(hex, 'hex');
  return new Uint8Array([0x02, content.length, ...content]).buffer;
}

function decodeDerInteger(der: Uint8Array): bigint | undefined {
  if (der[0] !== 0x02 || der[1] === undefined || der[1] > 0x7f || der.length !== der[1] + 2) return undefined;
  const content = der.subarray(2);
  if (content.length === 0 || ((content[0] as number) & 0x80) !== 0) return undefined;
  return BigInt(`0x${Buffer.from(content).toString('hex')}`);
}
