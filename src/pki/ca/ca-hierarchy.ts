/**
 * @module pki/ca/ca-hierarchy
 * The hub's two-level CA. On first use it creates a root (ECDSA P-384, 20 years) and an issuing CA
 * under it (P-384, pathLen 0, 10 years) and persists both certificates and passphrase-encrypted keys;
 * afterwards it loads them. Writes are ordered key → certificate, root → issuing, and a certificate
 * is the marker that its key is complete, so a crash at any point resumes cleanly on the next start.
 */
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';
import { CaMaterialInvalidError } from '../../core/pki-errors.js';
import { sameBytes } from '../bytes.js';
import { FileCaMaterialStore } from './file-ca-material-store.js';
import { FileSigner, loadFileSigner, saveFileSigner } from '../keys/file-signer.js';
import { BACKDATE_MS, signCertificate, type CertificateIssuer } from './sign-certificate.js';
import * as x509 from '../x509.js';

export const CA_MATERIAL = {
  rootKey: 'root-ca.key.pem',
  rootCertificate: 'root-ca.pem',
  issuingKey: 'issuing-ca.key.pem',
  issuingCertificate: 'issuing-ca.pem',
} as const;

const ROOT_YEARS = 20;
const ISSUING_YEARS = 10;
const CA_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

export interface CreateHubCaOptions {
  /** Where material lives; `dir` is shorthand for a `FileCaMaterialStore`. */
  store?: CaMaterialStore;
  dir?: string;
  passphrase: string;
  clock?: () => Date;
  /** Organisation named in the CA subjects, e.g. the county's data bureau. */
  organization?: string;
}

export interface HubCa {
  readonly root: CertificateIssuer;
  readonly issuing: CertificateIssuer;
  /** True when this call generated the CA (the caller may want to log it). */
  readonly created: boolean;
  /** Issuing CA then root, PEM — what `GET /v1/pki/ca.pem` serves. */
  caChainPem(): string;
}

export async function createHubCa(options: CreateHubCaOptions): Promise<HubCa> {
  const store = options.store ?? (options.dir !== undefined ? new FileCaMaterialStore(options.dir) : undefined);
  if (!store) throw new TypeError('createHubCa needs a store or a dir');
  const clock = options.clock ?? (() => new Date());
  const organization = options.organization ?? 'zhengzhao';
  const { passphrase } = options;

  let created = false;
  let root = await loadIssuer(store, CA_MATERIAL.rootCertificate, CA_MATERIAL.rootKey, passphrase, []);
  if (!root) {
    root = await createRoot(store, passphrase, organization, clock());
    created = true;
  }
  let issuing = await loadIssuer(store, CA_MATERIAL.issuingCertificate, CA_MATERIAL.issuingKey, passphrase, [root.certificate]);
  if (!issuing) {
    issuing = await createIssuing(store, passphrase, organization, clock(), root);
    created = true;
  } else if (!(await issuing.certificate.verify({ publicKey: root.certificate, signatureOnly: true }))) {
    throw new CaMaterialInvalidError('签发 CA 证书不是由根 CA 签发的');
  }
  const pem = [issuing.certificate, root.certificate].map((c) => c.toString('pem')).join('\n') + '\n';
  return { root, issuing, created, caChainPem: () => pem };
}

async function createRoot(store: CaMaterialStore, passphrase: string, organization: string, now: Date): Promise<CertificateIssuer> {
  const signer = FileSigner.generate('ES384');
  await saveFileSigner(store, CA_MATERIAL.rootKey, signer, passphrase);
  const certificate = await signCertificate({
    subject: caName(organization, `${organization} Root CA`),
    publicKeySpki: signer.publicKeySpki,
    ...validity(now, ROOT_YEARS),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(CA_USAGES, true)],
    issuer: { selfSigned: signer },
  });
  await store.write(CA_MATERIAL.rootCertificate, new TextEncoder().encode(certificate.toString('pem')));
  return { certificate, signer, chain: [] };
}

async function createIssuing(
  store: CaMaterialStore,
  passphrase: string,
  organization: string,
  now: Date,
  root: CertificateIssuer,
): Promise<CertificateIssuer> {
  const signer = FileSigner.generate('ES384');
  await saveFileSigner(store, CA_MATERIAL.issuingKey, signer, passphrase);
  const certificate = await signCertificate({
    subject: caName(organization, `${organization} Issuing CA`),
    publicKeySpki: signer.publicKeySpki,
    ...validity(now, ISSUING_YEARS),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(CA_USAGES, true)],
    issuer: root,
  });
  await store.write(CA_MATERIAL.issuingCertificate, new TextEncoder().encode(certificate.toString('pem')));
  return { certificate, signer, chain: [root.certificate] };
}

async function loadIssuer(
  store: CaMaterialStore,
  certificateName: string,
  keyName: string,
  passphrase: string,
  chain: x509.X509Certificate[],
): Promise<CertificateIssuer | undefined> {
  const pem = await store.read(certificateName);
  if (pem === undefined) return undefined;
  const certificate = new x509.X509Certificate(new TextDecoder().decode(pem));
  const signer = await loadFileSigner(store, keyName, passphrase);
  if (!signer) throw new CaMaterialInvalidError(`CA 证书 ${certificateName} 存在但私钥 ${keyName} 缺失`);
  if (!sameBytes(certificate.publicKey.rawData, signer.publicKeySpki)) {
    throw new CaMaterialInvalidError(`CA 私钥 ${keyName} 与证书 ${certificateName} 不匹配`);
  }
  return { certificate, signer, chain };
}

function caName(organization: string, commonName: string): x509.Name {
  return new x509.Name([{ C: ['CN'] }, { O: [organization] }, { CN: [commonName] }]);
}

function validity(now: Date, years: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  return { notBefore, notAfter };
}
