/**
 * The hub's path validation over the RFC 5280 part of C2SP x509-limbo (test/vectors/x509-limbo):
 * every vector must agree with limbo's expected result, except the disagreements listed here, each
 * with its reason. A new disagreement fails, and so does a listed one that stops disagreeing, so the
 * list and the agreement figure in certs/README.md stay true.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../core/errors.js';
import { validateCertificatePath } from './validate-path.js';

interface LimboVector {
  id: string;
  validation_time: string | null;
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  crls: string[];
  max_chain_depth: number | null;
  expected_result: 'SUCCESS' | 'FAILURE';
}

const VECTORS_URL = new URL('../../../test/vectors/x509-limbo/limbo-rfc5280.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as { testcases: LimboVector[] }).testcases;

/** Where the hub decides otherwise than limbo, and why. */
const KNOWN_DISAGREEMENTS: Record<string, string> = {
  'crl::issuer-no-keyusage-extension':
    'a CA without keyUsage is refused (ERR_CERT_ISSUER_KEY_USAGE): §4.2.1.3 says CAs MUST include it, and the hub fails closed',
  'cve::cve-2024-0567':
    'its cross-signed chain has a certificate without authorityKeyIdentifier, refused by the §4.2.1.1 rule (ERR_CERT_AKI_MISSING)',
  'pathlen::max-chain-depth-1-self-issued':
    'maxChainLength bounds every certificate in the path (a work limit), self-issued ones included; pathLen itself skips them',
  'rfc5280::pc::ica-noncritical-pc': 'policy constraints are not processed; a critical one is refused, a non-critical one ignored',
};

async function decide(vector: LimboVector): Promise<{ result: 'SUCCESS' | 'FAILURE'; code?: string }> {
  try {
    await validateCertificatePath({
      leaf: vector.peer_certificate,
      intermediates: vector.untrusted_intermediates,
      trustAnchors: vector.trusted_certs,
      at: new Date(vector.validation_time ?? Date.now()),
      purpose: 'any',
      crls: vector.crls,
      requireRevocationCheck: vector.crls.length > 0,
      // limbo counts intermediates; the hub counts the whole path, leaf and anchor included.
      ...(vector.max_chain_depth === null ? {} : { maxChainLength: vector.max_chain_depth + 2 }),
    });
    return { result: 'SUCCESS' };
  } catch (error) {
    // Anything but a coded refusal is a bug, not a verdict.
    if (!(error instanceof HubError)) throw error;
    return { result: 'FAILURE', code: error.code };
  }
}

describe('x509-limbo RFC 5280 vectors', () => {
  it.each(vectors.map((vector) => [vector.id, vector] as const))('%s', async (id, vector) => {
    const { result, code } = await decide(vector);
    if (id in KNOWN_DISAGREEMENTS) expect(result, 'a listed disagreement no longer disagrees').not.toBe(vector.expected_result);
    else expect({ result, code }).toMatchObject({ result: vector.expected_result });
  });

  it('agree on 124 of 128, the disagreements being exactly the listed ones', () => {
    const ids = new Set(vectors.map((vector) => vector.id));
    expect(Object.keys(KNOWN_DISAGREEMENTS).filter((id) => !ids.has(id))).toEqual([]);
    expect([vectors.length - Object.keys(KNOWN_DISAGREEMENTS).length, vectors.length]).toEqual([124, 128]);
  });
});
