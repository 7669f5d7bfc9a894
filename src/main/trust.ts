/**
 * @module main/trust
 * Wiring of everything that makes a signature mean something: the hub CA and its keys, the path
 * validator fed by the current CRL, certificate issuance and revocation, the issuer check of stored
 * sealed objects, receipt keys, and system authentication (client assertions in, hub access tokens
 * out). Keys live in the database encrypted with the operator's passphrase and are created once,
 * under a lock, by the first instance to start.
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
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { ReceiptKeyRing } from '../core/ports/receipt-signer.js';
import type { RowMacKeyRing } from '../core/ports/row-mac-keys.js';
import type { Logger } from '../core/ports/logger.js';
import { accessTokenKeyId, createAccessTokenService } from '../pki/auth/access-token.js';
import { createClientAssertionVerifier } from '../pki/auth/client-assertion.js';
import { loadOrCreateSigner } from '../pki/keys/file-signer.js';
import { openReceiptKeyRing } from '../pki/keys/receipt-key-ring.js';
import { openRowMacKeyRing } from '../pki/keys/row-mac-key-ring.js';
import { createHubCa, type HubCa } from '../pki/ca/ca-hierarchy.js';
import { createHubCertificateAuthority } from '../pki/ca/hub-certificate-authority.js';
import { createPathValidator, type PathValidator } from '../pki/path/cached-path-validator.js';
import { createRevocationCache } from '../pki/path/revocation-cache.js';
import { createIssuerCheck, type IssuerCheck } from '../pki/path/seal-at-issuance.js';
import { createSealedJwsVerifier, type SealedJwsVerifier } from '../pki/jws/sealed-jws.js';
import type { Database } from '../postgres/database.js';
import { PostgresAssertionReplayStore } from '../postgres/postgres-assertion-replay-store.js';
import { withCaMaterialLock } from '../postgres/postgres-ca-material-store.js';
import { PostgresCertificateRepository } from '../postgres/postgres-certificate-repository.js';
import type { AuditWiring } from './audit.js';
import { readOrCreatePassphrase } from './secret-files.js';

const ACCESS_TOKEN_KEY = 'access-token.key.pem';

export interface Trust {
  hubCa: HubCa;
  pathValidator: PathValidator;
  sealVerifier: SealedJwsVerifier;
  /** Issuer check of a stored licence or document: its seal as of when the hub received it. */
  sealAtIssuance: IssuerCheck;
  certificates: CertificateService;
  crls: CrlPublisher;
  accessTokenAuthenticator: Authenticator;
  /** Receipt signing and key rotation (the audited use case is core/changes/rotate-announced-key). */
  receipts: ReceiptKeyRing;
  /** The licence-row MAC keys (rotation: core/changes/rotate-announced-key). */
  rowMacs: RowMacKeyRing;
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
  /** Revocations and receipt-key rotations reach every instance at once. */
  changes: ChangeNotifier;
  now(): Date;
}

export async function openTrust({ config, publicUrl, db, logger, departments, audit, changes, now }: TrustDeps): Promise<Trust> {
  const passphrase = await readOrCreatePassphrase(config, logger);
  const withStore = <T>(work: (store: CaMaterialStore) => Promise<T>) => withCaMaterialLock(db.sql, work);
  const { hubCa, accessTokenSigner } = await withStore(async (store) => ({
    hubCa: await createHubCa({ store, passphrase, organization: 'zhengzhao 证照交换枢纽' }),
    accessTokenSigner: await loadOrCreateSigner(store, ACCESS_TOKEN_KEY, passphrase, 'ES256'),
  }));
  const receipts = await openReceiptKeyRing({ withStore, passphrase, issuer: publicUrl });
  const rowMacs = await openRowMacKeyRing({ withStore, passphrase });
  if (hubCa.created) logger.info({ root: hubCa.root.certificate.subject }, 'hub CA created (root P-384, issuing CA pathLen 0)');

  const revocations = createRevocationCache({
    lookup: (serial) => certificates.get(serial).then((record) => ({ status: record.status, revocationReason: record.revocationReason })),
  });
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
      await changes.notify('certificates');
    },
  });
  const crls = createCrlPublisher({
    certificates,
    logger: logger.child({ component: 'crl' }),
    // Another instance may have revoked something: drop every cached chain.
    onNewCrl: (crl) => {
      pathValidator.clear();
      revocations.onNewCrl(crl.der);
    },
  });
  await crls.refresh();
  crls.start();
  const crlLogger = logger.child({ component: 'crl' });
  // Another instance revoked or suspended something: load its new CRL now, not at the next tick.
  changes.subscribe('certificates', () => {
    crls.refresh().catch((error: unknown) => crlLogger.warn({ err: error }, 'CRL reload after a change notice failed'));
  });
  changes.subscribe('receipt-keys', () => {
    receipts.reload().catch((error: unknown) => logger.warn({ err: error }, 'receipt key reload after a change notice failed'));
  });
  changes.subscribe('row-mac-keys', () => {
    rowMacs.reload().catch((error: unknown) => logger.warn({ err: error }, 'row MAC key reload after a change notice failed'));
  });

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
    sealStatus: (serial) => revocations.sealStatus(serial),
  });

  return {
    hubCa,
    pathValidator,
    sealVerifier: createSealedJwsVerifier({ validator: pathValidator }),
    sealAtIssuance,
    certificates,
    crls,
    receipts,
    rowMacs,
    accessTokenAuthenticator: createAccessTokenAuthenticator({
      tokens: accessTokens,
      isRevoked: (serial) => revocations.isOnCrl(serial),
      now,
    }),
    issueSystemToken: (request) =>
      issueSystemToken(
        {
          assertions,
          replay,
          assertActiveDepartment: departments.assertActive,
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
