/**
 * @module pki/ca/csr-policy
 * What the hub accepts in a PKCS#10 request: only the public key and the proof that the requester
 * holds it. Keys: ECDSA P-256/P-384, Ed25519, RSA ≥ 2048 bits. Self-signatures: ECDSA or RSA with
 * SHA-256/384/512, or Ed25519 — SHA-1 and MD5 are refused. The subject and any requested extensions
 * are ignored on purpose: the hub builds those from its own records.
 */
import {
  CsrKeyUnsupportedError,
  CsrMalformedError,
  CsrSignatureInvalidError,
  CsrWeakKeyError,
  CsrWeakSignatureError,
} from '../../core/pki-errors.js';
import * as x509 from '../x509.js';

/** A CSR is a few hundred bytes (RSA-4096: ~1.7 KB); anything far larger is not one. */
const MAX_CSR_BYTES = 16 * 1024;
const MIN_RSA_BITS = 2048;
const STRONG_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
const RSA_KEYS = new Set(['RSASSA-PKCS1-v1_5', 'RSA-PSS']);

export interface AcceptedCsr {
  publicKeySpki: Uint8Array;
  /** Human-readable key type, e.g. `ECDSA P-256`, `RSA 3072`, `Ed25519`. */
  keyDescription: string;
}

export async function checkCsr(input: string | Uint8Array): Promise<AcceptedCsr> {
  const csr = parseCsr(input);
  const keyDescription = checkKey(csr.publicKey.algorithm as KeyAlgorithmInfo);
  checkSignatureAlgorithm(csr);
  let valid = false;
  try {
    valid = await csr.verify();
  } catch {
    valid = false;
  }
  if (!valid) throw new CsrSignatureInvalidError('证书申请（CSR）的签名无效');
  return { publicKeySpki: new Uint8Array(csr.publicKey.rawData), keyDescription };
}

function parseCsr(input: string | Uint8Array): x509.Pkcs10CertificateRequest {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size === 0 || size > MAX_CSR_BYTES) throw new CsrMalformedError('证书申请（CSR）为空或过大');
  try {
    const csr = new x509.Pkcs10CertificateRequest(typeof input === 'string' ? input : new Uint8Array(input));
    void csr.publicKey.algorithm; // x509 decodes lazily: make garbage fail here, as malformed
    return csr;
  } catch (cause) {
    throw new CsrMalformedError('无法解析证书申请（CSR），应为 PEM 或 DER 编码的 PKCS#10', { cause });
  }
}

interface KeyAlgorithmInfo {
  name: string;
  namedCurve?: string;
  modulusLength?: number;
}

function checkKey(key: KeyAlgorithmInfo): string {
  if (key.name === 'ECDSA' && (key.namedCurve === 'P-256' || key.namedCurve === 'P-384')) {
    return `ECDSA ${key.namedCurve}`;
  }
  if (key.name === 'Ed25519') return 'Ed25519';
  if (RSA_KEYS.has(key.name) && typeof key.modulusLength === 'number') {
    if (key.modulusLength < MIN_RSA_BITS) {
      throw new CsrWeakKeyError(`RSA 密钥长度 ${key.modulusLength} 位过短，至少 ${MIN_RSA_BITS} 位`, {
        extra: { keyBits: key.modulusLength },
      });
    }
    return `RSA ${key.modulusLength}`;
  }
  const curve = key.namedCurve ? ` ${key.namedCurve}` : '';
  throw new CsrKeyUnsupportedError(`不支持的密钥类型 ${key.name}${curve}；可用 ECDSA P-256/P-384、Ed25519、RSA ≥ 2048`);
}

function checkSignatureAlgorithm(csr: x509.Pkcs10CertificateRequest): void {
  let algorithm: { name: string; hash?: { name: string } };
  try {
    algorithm = csr.signatureAlgorithm as typeof algorithm;
  } catch (cause) {
    throw new CsrWeakSignatureError('证书申请（CSR）的签名算法不受支持', { cause });
  }
  const ok = algorithm.name === 'Ed25519' || (algorithm.hash !== undefined && STRONG_HASHES.has(algorithm.hash.name));
  if (!ok) {
    const hash = algorithm.hash?.name ?? algorithm.name;
    throw new CsrWeakSignatureError(`证书申请（CSR）使用了弱签名算法 ${hash}，应使用 SHA-256 及以上`, {
      extra: { algorithm: hash },
    });
  }
}
