/**
 * @module pki/auth/client-assertion-header
 * The checks on a client assertion that need no cryptography: size, compact-JWS shape, encoding,
 * and the protected header (RFC 7515 §4, RFC 7523 §3). Everything here runs before any key is
 * touched, so `alg: none`, HMAC confusion, caller-supplied keys and extensions we do not process
 * are refused outright. Only the claims are left for after the signature.
 */
import {
  AssertionAlgNoneError,
  AssertionAlgUnsupportedError,
  AssertionCritUnsupportedError,
  AssertionEncodingError,
  AssertionHeaderInvalidError,
  AssertionHeaderTooLargeError,
  AssertionJkuForbiddenError,
  AssertionJwkForbiddenError,
  AssertionMalformedError,
  AssertionTooLargeError,
  AssertionTypInvalidError,
  AssertionX5cInvalidError,
  AssertionX5cMissingError,
  AssertionX5uForbiddenError,
} from '../../core/auth/auth-errors.js';

/** The pinned algorithms; RS256/PS256 further need an RSA key of at least 2048 bits. */
export const ASSERTION_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'PS256', 'RS256'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

export const MAX_ASSERTION_LENGTH = 64 * 1024;
export const MAX_HEADER_BYTES = 8 * 1024;
/** Leaf, issuing CA and perhaps the root: a longer list is not a hub chain. */
const MAX_X5C_ENTRIES = 5;
/** Unpadded base64url length of MAX_HEADER_BYTES bytes. */
const MAX_ENCODED_HEADER = Math.ceil((MAX_HEADER_BYTES * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PART_NAMES = ['header', 'payload', 'signature'] as const;

export interface ParsedAssertion {
  alg: AssertionAlgorithm;
  /** DER certificates from `x5c`, leaf first. */
  x5c: Uint8Array[];
  /** As received; may be empty (the caller refuses that with its own code). */
  encodedSignature: string;
}

export function parseAssertionHeader(assertion: string): ParsedAssertion {
  if (assertion.length > MAX_ASSERTION_LENGTH) {
    throw new AssertionTooLargeError(`客户端断言超过 ${MAX_ASSERTION_LENGTH} 字节`, { extra: { limitBytes: MAX_ASSERTION_LENGTH } });
  }
  const parts = assertion.split('.');
  const [encodedHeader, encodedPayload, encodedSignature] = parts;
  if (parts.length !== 3 || !encodedHeader || !encodedPayload || encodedSignature === undefined) {
    throw new AssertionMalformedError('客户端断言须为 JWS 紧凑序列化（header.payload.signature）');
  }
  parts.forEach((part, index) => {
    // Length ≡ 1 (mod 4) cannot be produced by any byte string: Node would silently drop it.
    if (!BASE64URL.test(part) || part.length % 4 === 1) {
      throw new AssertionEncodingError(`客户端断言的 ${PART_NAMES[index]} 不是无填充的 base64url`, {
        extra: { part: PART_NAMES[index] },
      });
    }
  });
  if (encodedHeader.length > MAX_ENCODED_HEADER) {
    throw new AssertionHeaderTooLargeError(`客户端断言的头部超过 ${MAX_HEADER_BYTES} 字节`, { extra: { limitBytes: MAX_HEADER_BYTES } });
  }
  const header = decodeHeader(encodedHeader);
  const alg = checkAlgorithm(header.alg);
  if (header.crit !== undefined) {
    throw new AssertionCritUnsupportedError('客户端断言不得包含 crit：本中心不处理任何 JWS 扩展');
  }
  if (header.jwk !== undefined) throw new AssertionJwkForbiddenError('客户端断言不得内嵌公钥（jwk）；以 x5c 中的证书为准');
  if (header.jku !== undefined) throw new AssertionJkuForbiddenError('客户端断言不得使用 jku；本中心不从外部地址获取密钥');
  if (header.x5u !== undefined) throw new AssertionX5uForbiddenError('客户端断言不得使用 x5u；证书链须放在 x5c 中');
  if (header.typ !== undefined && !isJwtType(header.typ)) {
    throw new AssertionTypInvalidError('客户端断言的 typ 若出现须为 JWT');
  }
  return { alg, x5c: decodeX5c(header.x5c), encodedSignature };
}

function decodeHeader(encoded: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64url')));
  } catch {
    throw new AssertionHeaderInvalidError('客户端断言的头部不是 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new AssertionHeaderInvalidError('客户端断言的头部须为 JSON 对象');
  }
  return header as Record<string, unknown>;
}

function checkAlgorithm(alg: unknown): AssertionAlgorithm {
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    throw new AssertionAlgNoneError('客户端断言未签名（alg: none），拒绝');
  }
  if (typeof alg !== 'string' || !(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new AssertionAlgUnsupportedError(`客户端断言的 alg 须为 ${ASSERTION_ALGORITHMS.join('、')} 之一`, {
      extra: { allowed: [...ASSERTION_ALGORITHMS] },
    });
  }
  return alg as AssertionAlgorithm;
}

/** RFC 7515 §4.1.9: a media type, "application/" optional, compared case-insensitively. */
function isJwtType(typ: unknown): boolean {
  return typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ);
}

function decodeX5c(x5c: unknown): Uint8Array[] {
  if (x5c === undefined) throw new AssertionX5cMissingError('客户端断言须在 x5c 中携带系统证书链（系统证书在前）');
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > MAX_X5C_ENTRIES) {
    throw new AssertionX5cInvalidError(`x5c 须为 1 至 ${MAX_X5C_ENTRIES} 个证书的数组`);
  }
  return x5c.map((entry: unknown) => {
    // RFC 7515 §4.1.6: standard base64 (not base64url) DER.
    if (typeof entry !== 'string' || entry.length % 4 !== 0 || !BASE64.test(entry)) {
      throw new AssertionX5cInvalidError('x5c 的每一项须为 base64 编码的 DER 证书');
    }
    return new Uint8Array(Buffer.from(entry, 'base64'));
  });
}
