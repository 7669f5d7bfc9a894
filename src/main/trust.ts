/**
 * @module main/trust
 * Wiring of everything that makes a signature mean something: the hub CA and its keys, the path
 * validator fed by the current CRL, certificate issuance and revocation, the issuer check of stored
 * sealed objects, and system authentication (client assertions in, hub access tokens out). Keys live in the database encrypted with the
 * operator's passphrase and are created once, under a lock, by the first instance to start.
 */
import type { Config } from '../config/config.js';
import { createAccessTokenAuthenticator } from '../core/auth/access-token-authenticator.js';
import { startAssertionReplayPurge } from '../core/auth/assertion-replay-purge.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import { issueSystemToken } from '../core/auth/issue-system-token.js';
import { createCertificateService, type CertificateService } from '../core/certificates/certificate-service.js';
import { createCrlPublisher, type CrlPublisher } from '../core/certificates/crl-publisher.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import type { CaMaterialStore } from '../core/ports/ca-material-store.js';
import type { ReceiptSigner } from '../core/ports/receipt-signer.js';
import type { SignerAlgorithm } from '../core/ports/signer.js';
import { createReceiptService } from '../pki/jws/receipt-service.js';
import type { Logger } from '../core/ports/logger.js';
import { accessTokenKeyId, createAccessTokenService } from '../pki/auth/access-token.js';
import { createClientAssertionVerifier } from '../pki/auth/client-assertion.js';
import { parseCrl, readCrlEntries } from '../pki/ca/crl.js';
import { FileSigner, loadFileSigner, saveFileSigner } from '../pki/keys/file-signer.js';
import { createHubCa, type HubCa } from '../pki/ca/ca-hierarchy.js';
import { createHubCertificateAuthority } from '../pki/ca/hub-certificate-authority.js';
import { createPathValidator, type PathValidator } from '../pki/path/cached-path-validator.js';
import { createIssuerCheck, type SealStatus, type IssuerCheck } from '../pki/path/seal-at-issuance.js';
import { createSealedJwsVerifier, type SealedJwsVerifier } from '../pki/jws/sealed-jws.js';
import type { Database } from '../postgres/database.js';
import { PostgresAssertionReplayStore } from '../postgres/postgres-assertion-replay-store.js';
import { withCaMaterialLock } from '../postgres/postgres-ca-material-store.js';
import { PostgresCertificateRepository } from '../postgres/postgres-certificate-repository.js';
import type { AuditWiring } from './audit.js';
import { readOrCreatePassphrase } from './secret-files.js';

const ACCESS_TOKEN_KEY = 'access-token.key.pem';
const RECEIPT_KEY = 'receipt.key.pem';
const PREVIOUS_RECEIPT_KEY = 'receipt.previous.key.pem';

export interface Trust {
  hubCa: HubCa;
  pathValidator: PathValidator;
  sealVerifier: SealedJwsVerifier;
  /** Issuer check of a stored licence or document: its seal as of when the hub received it. */
  sealAtIssuance: IssuerCheck;
  certificates: CertificateService;
  crls: CrlPublisher;
  accessTokenAuthenticator: Authenticator;
  /** Receipt signing; `rotateReceiptKey` starts a new key and keeps the old one accepted. */
  receipts: ReceiptSigner;
  rotateReceiptKey(): Promise<{ kid: string }>;
  issueSystemToken(request: Parameters<typeof issueSystemToken>[1]): ReturnType<typeof issueSystemToken>;
  stop(): Promise<void>;
}

export interface TrustDeps {
  config: Config;
  /** The URL clients reach the hub at (CRL distribution point, token endpoint audience). */
  publicUrl: string;
  db: Database;
  logger: Logger;
  departments: DepartmentService;
  audit: Pick<AuditWiring, 'appender' | 'writer' | 'currentCaller'>;
  now(): Date;
}

export async function openTrust({ config, publicUrl, db, logger, departments, audit, now }: TrustDeps): Promise<Trust> {
  const passphrase = await readOrCreatePassphrase(config, logger);
  const { hubCa, accessTokenSigner, receiptSigners } = await withCaMaterialLock(db.sql, async (store) => ({
    hubCa: await createHubCa({ store, passphrase, organization: 'zhengzhao 证照交换枢纽' }),
    accessTokenSigner: await loadOrCreateSigner(store, ACCESS_TOKEN_KEY, passphrase, 'ES256'),
    receiptSigners: await loadReceiptSigners(store, passphrase),
  }));
  let receipts = await createReceiptService({ ...receiptSigners, issuer: publicUrl });
  if (hubCa.created) logger.info({ root: hubCa.root.certificate.subject }, 'hub CA created (root P-384, issuing CA pathLen 0)');

  // Serials on the current CRL: access tokens die with their certificate, without a CRL parse per request.
  let onCrl = new Set<string>();
  // Seal statuses for the issuer check of every verification; every status change signs a new
  // CRL, and a new CRL (here or from another instance) empties this.
  const sealStatuses = new Map<string, Promise<SealStatus | undefined>>();
  const pathValidator = createPathValidator({
    trustAnchors: [hubCa.root.certificate],
    crls: () => [crls.current().der],
    requireRevocationCheck: true,
  });
  const certificates = createCertificateService({
    ca: createHubCertificateAuthority({ ca: hubCa, crlDistributionPoint: `${publicUrl}/v1/pki/crl` }),
    certificates: new PostgresCertificateRepository(db.sql, audit.appender),
    departments,
    currentCaller: audit.currentCaller,
    now,
    onStatusChange: async (serial) => {
      pathValidator.invalidate(serial);
      await crls.refresh();
    },
  });
  const crls = createCrlPublisher({
    certificates,
    logger: logger.child({ component: 'crl' }),
    // Another instance may have revoked something: drop every cached chain.
    onNewCrl: (crl) => {
      pathValidator.clear();
      sealStatuses.clear();
      onCrl = new Set(readCrlEntries(parseCrl(crl.der)).map((entry) => entry.serial));
    },
  });
  await crls.refresh();
  crls.start();

  const accessTokens = createAccessTokenService({
    signer: accessTokenSigner,
    kid: await accessTokenKeyId(accessTokenSigner.publicKeySpki),
    issuer: publicUrl,
  });
  const replay = new PostgresAssertionReplayStore(db.sql);
  const replayPurge = startAssertionReplayPurge({ store: replay, logger: logger.child({ component: 'auth' }), now });
  const assertions = createClientAssertionVerifier({ validator: pathValidator, tokenEndpoint: `${publicUrl}/v1/auth/token` });
  // The path at sealing time without CRLs — today's CRL cannot speak for an instant before its
  // thisUpdate — and revocation since judged by its reason (pki/seal-at-issuance).
  const sealAtIssuance = createIssuerCheck({
    validator: createPathValidator({ trustAnchors: [hubCa.root.certificate], requireRevocationCheck: false }),
    sealStatus: (serial) => {
      let status = sealStatuses.get(serial);
      if (!status) {
        status = certificates.get(serial).then(
          (record) => ({ status: record.status, revocationReason: record.revocationReason }),
          () => undefined,
        );
        if (sealStatuses.size >= 10_000) sealStatuses.clear();
        sealStatuses.set(serial, status);
      }
      return status;
    },
  });

  return {
    hubCa,
    pathValidator,
    sealVerifier: createSealedJwsVerifier({ validator: pathValidator }),
    sealAtIssuance,
    certificates,
    crls,
    receipts: {
      sign: (claims) => receipts.sign(claims),
      signStatement: (typ, claims) => receipts.signStatement(typ, claims),
      verify: (receipt) => receipts.verify(receipt),
      jwks: () => receipts.jwks(),
    },
    async rotateReceiptKey() {
      const rotated = await withCaMaterialLock(db.sql, async (store) => {
        const current = await loadOrCreateSigner(store, RECEIPT_KEY, passphrase, 'EdDSA');
        const next = FileSigner.generate('EdDSA');
        await saveFileSigner(store, PREVIOUS_RECEIPT_KEY, current, passphrase);
        await saveFileSigner(store, RECEIPT_KEY, next, passphrase);
        return { current: next, previous: [current] };
      });
      receipts = await createReceiptService({ ...rotated, issuer: publicUrl });
      const kid = (receipts.jwks().keys[0] as { kid: string }).kid;
      logger.info({ kid }, 'receipt key rotated; the previous key stays in the JWKS');
      return { kid };
    },
    accessTokenAuthenticator: createAccessTokenAuthenticator({ tokens: accessTokens, isRevoked: (serial) => onCrl.has(serial), now }),
    issueSystemToken: (request) =>
      issueSystemToken(
        {
          assertions,
          replay,
          assertActiveDepartment: (uscc) => departments.assertActive(uscc),
          tokens: accessTokens,
          audit: audit.writer,
          now,
        },
        request,
      ),
    async stop() {
      crls.stop();
      await replayPurge.stop();
    },
  };
}

async function loadReceiptSigners(store: CaMaterialStore, passphrase: string) {
  const current = await loadOrCreateSigner(store, RECEIPT_KEY, passphrase, 'EdDSA');
  const previous = await loadFileSigner(store, PREVIOUS_RECEIPT_KEY, passphrase);
  return { current, previous: previous ? [previous] : [] };
}

export async function loadOrCreateSigner(
  store: CaMaterialStore,
  name: string,
  passphrase: string,
  algorithm: SignerAlgorithm,
): Promise<FileSigner> {
  const existing = await loadFileSigner(store, name, passphrase);
  if (existing) return existing;
  const created = FileSigner.generate(algorithm);
  await saveFileSigner(store, name, created, passphrase);
  return created;
}
