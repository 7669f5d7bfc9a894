/**
 * @module pki/path/path-builder
 * Finds candidate paths from a leaf to a trust anchor by name chaining, narrowed by key identifiers
 * (a certificate's AKI must equal its issuer's SKI when both are present). Depth-first, anchors
 * tried before intermediates so the shortest path comes first, a certificate never appears twice
 * in one path (cycles), and both depth and total work are bounded so a hostile bag of
 * intermediates cannot make the hub spin. Paths are only candidates: `validate-path` checks them.
 */
import type { HubError } from '../../core/errors.js';
import {
  CertificateChainCycleError,
  CertificateChainTooLongError,
  CertificateIssuerNotFoundError,
  CertificatePathWorkExceededError,
  CertificateUntrustedRootError,
} from '../../core/pki-errors.js';
import { sameBytes } from '../bytes.js';
import { authorityKeyId, describeCertificate, isSelfIssued, sameCertificate, sameName, subjectKeyId } from './certificate-input.js';
import type * as x509 from '../x509.js';

export interface PathBuilderLimits {
  /** Certificates in a path, leaf and anchor included. */
  maxChainLength: number;
  /** Issuer candidates examined in total. */
  maxWork: number;
}

export interface PathBuilder {
  /** Candidate paths, leaf first, each ending in a trust anchor. */
  paths(): Generator<x509.X509Certificate[]>;
  /** Why no (further) path exists; meaningful once `paths()` is exhausted. */
  failure(): HubError;
}

export function createPathBuilder(
  leaf: x509.X509Certificate,
  intermediates: readonly x509.X509Certificate[],
  anchors: readonly x509.X509Certificate[],
  limits: PathBuilderLimits,
): PathBuilder {
  const pool = dedupe([...anchors, ...intermediates]);
  let work = 0;
  // The first certificate at which each kind of dead end was met, for the error's `extra`.
  const deadEnds: Partial<Record<'cycle' | 'tooLong' | 'untrusted' | 'orphan', x509.X509Certificate>> = {};

  function anchorFor(certificate: x509.X509Certificate): x509.X509Certificate | undefined {
    return anchors.find(
      (anchor) =>
        sameCertificate(anchor, certificate) ||
        (sameBytes(anchor.publicKey.rawData, certificate.publicKey.rawData) && sameName(anchor.subjectName, certificate.subjectName)),
    );
  }

  function issuersOf(certificate: x509.X509Certificate): x509.X509Certificate[] {
    const wantedKeyId = authorityKeyId(certificate);
    return pool.filter((candidate) => {
      if (!sameName(candidate.subjectName, certificate.issuerName)) return false;
      // A self-issued certificate under the same key is self-signed: a root, never a link to follow.
      if (isSelfIssued(certificate) && sameBytes(candidate.publicKey.rawData, certificate.publicKey.rawData)) return false;
      const keyId = subjectKeyId(candidate);
      return wantedKeyId === undefined || keyId === undefined || keyId === wantedKeyId;
    });
  }

  function* extend(path: x509.X509Certificate[]): Generator<x509.X509Certificate[]> {
    const current = path[path.length - 1] as x509.X509Certificate;
    const anchor = anchorFor(current);
    if (anchor) {
      yield [...path.slice(0, -1), anchor];
      return;
    }
    // A self-issued certificate is followed further only when another key issued it (key rollover,
    // RFC 5280 §6.1.4 (l)); with none, it is a root that is not an anchor.
    const issuers = issuersOf(current);
    if (issuers.length === 0) {
      if (isSelfIssued(current)) deadEnds.untrusted ??= current;
      else deadEnds.orphan ??= current;
      return;
    }
    if (path.length >= limits.maxChainLength) {
      deadEnds.tooLong ??= current;
      return;
    }
    for (const issuer of issuers) {
      if (path.some((link) => sameCertificate(link, issuer))) {
        deadEnds.cycle ??= current;
        continue;
      }
      work += 1;
      if (work > limits.maxWork) {
        throw new CertificatePathWorkExceededError('证书链构建超出工作量上限', { extra: describeCertificate(leaf) });
      }
      yield* extend([...path, issuer]);
    }
  }

  return {
    paths: () => extend([leaf]),
    failure() {
      if (deadEnds.cycle) {
        return new CertificateChainCycleError('证书链存在循环', { extra: describeCertificate(deadEnds.cycle) });
      }
      if (deadEnds.tooLong) {
        return new CertificateChainTooLongError(`证书链超过 ${limits.maxChainLength} 个证书`, {
          extra: { ...describeCertificate(deadEnds.tooLong), maxChainLength: limits.maxChainLength },
        });
      }
      if (deadEnds.untrusted) {
        return new CertificateUntrustedRootError('证书链终止于不受信任的根证书', {
          extra: describeCertificate(deadEnds.untrusted),
        });
      }
      const orphan = deadEnds.orphan ?? leaf;
      return new CertificateIssuerNotFoundError(`找不到证书的签发者：${orphan.issuer}`, {
        extra: describeCertificate(orphan),
      });
    },
  };
}

function dedupe(certificates: x509.X509Certificate[]): x509.X509Certificate[] {
  return certificates.filter((c, i) => certificates.findIndex((d) => sameCertificate(c, d)) === i);
}
