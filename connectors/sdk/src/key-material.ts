/**
 * @module key-material
 * Reads one key pair of the connector config — a PKCS#8 private key and its certificate chain
 * (leaf first) — and checks what would otherwise surface as an opaque refusal at the hub: the key
 * belongs to the leaf, the leaf is within its validity period, each certificate is issued and
 * signed by the next, and the key type is one the hub's seal and token endpoints accept. Every
 * problem is returned with the config pointer it concerns, none thrown, so the caller lists all.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FieldProblem } from './errors.js';

export type SigningAlgorithm = 'ES256' | 'ES384' | 'EdDSA';

export interface KeyMaterial {
  privateKey: KeyObject;
  algorithm: SigningAlgorithm;
  /** Leaf first, as parsed. */
  chain: X509Certificate[];
  /** Standard base64 DER of the chain, for the JWS `x5c` header. */
  x5c: string[];
}

export interface KeyPaths {
  key: string;
  cert: string;
}

export function readKeyMaterial(paths: KeyPaths, pointer: string, problems: FieldProblem[], now = new Date()): KeyMaterial | undefined {
  const privateKey = readPrivateKey(paths.key, `${pointer}/key`, problems);
  const chain = readChain(paths.cert, `${pointer}/cert`, problems);
  if (!privateKey || !chain) return undefined;
  const before = problems.length;
  const algorithm = algorithmOf(privateKey);
  if (!algorithm) {
    problems.push({
      pointer: `${pointer}/key`,
      detail: `${paths.key}: 密钥类型须为 EC P-256、P-384 或 Ed25519 (key must be P-256, P-384 or Ed25519)`,
    });
  }
  const leaf = chain[0] as X509Certificate;
  if (!leaf.checkPrivateKey(privateKey)) {
    problems.push({
      pointer: `${pointer}/key`,
      detail: `${paths.key} 与证书 ${paths.cert} 不是一对（the key does not belong to the certificate, serial ${leaf.serialNumber}）`,
    });
  }
  if (new Date(leaf.validTo) < now) {
    problems.push({ pointer: `${pointer}/cert`, detail: `${paths.cert}: 证书已于 ${leaf.validTo} 过期 (certificate expired)` });
  } else if (new Date(leaf.validFrom) > now) {
    problems.push({ pointer: `${pointer}/cert`, detail: `${paths.cert}: 证书尚未生效，生效时间 ${leaf.validFrom} (not yet valid)` });
  }
  if (chain.length < 2) {
    problems.push({
      pointer: `${pointer}/cert`,
      detail: `${paths.cert}: 须包含证书链（本证书在前，随后为枢纽签发 CA）(chain must hold the leaf then its issuing CA)`,
    });
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    const [child, parent] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      problems.push({
        pointer: `${pointer}/cert`,
        detail: `${paths.cert}: 第 ${i + 1} 张证书不是由第 ${i + 2} 张签发的 (chain out of order: leaf first)`,
      });
    }
  }
  if (problems.length > before || !algorithm) return undefined;
  return { privateKey, algorithm, chain, x5c: chain.map((c) => c.raw.toString('base64')) };
}

/** RFC 7468 §10: the label of an unencrypted PKCS#8 key, the only key form connector.json accepts. */
const PKCS8_LABEL = 'PRIVATE KEY';
const PKCS8_PEM = new RegExp(`^-{5}BEGIN ${PKCS8_LABEL}-{5}$`, 'm');

function readPrivateKey(file: string, pointer: string, problems: FieldProblem[]): KeyObject | undefined {
  const text = readText(file, pointer, problems);
  if (text === undefined) return undefined;
  if (!PKCS8_PEM.test(text)) {
    const hint = text.includes('ENCRYPTED') ? '（不支持加密私钥）' : '（可用 openssl pkcs8 -topk8 -nocrypt 转换）';
    problems.push({ pointer, detail: `${file}: 须为未加密的 PKCS#8 PEM 私钥 (BEGIN ${PKCS8_LABEL})${hint}` });
    return undefined;
  }
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    problems.push({ pointer, detail: `${file}: 私钥无法解析 (${(error as Error).message})` });
    return undefined;
  }
}

function readChain(file: string, pointer: string, problems: FieldProblem[]): X509Certificate[] | undefined {
  const text = readText(file, pointer, problems);
  if (text === undefined) return undefined;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    problems.push({ pointer, detail: `${file}: 未找到 PEM 证书 (no BEGIN CERTIFICATE block)` });
    return undefined;
  }
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch (error) {
    problems.push({ pointer, detail: `${file}: 证书无法解析 (${(error as Error).message})` });
    return undefined;
  }
}

function readText(file: string, pointer: string, problems: FieldProblem[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ pointer, detail: `${file}: 无法读取 (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    return undefined;
  }
}

export function algorithmOf(key: KeyObject): SigningAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType !== 'ec') return undefined;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : undefined;
}
