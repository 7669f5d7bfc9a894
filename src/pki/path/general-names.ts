/**
 * @module pki/path/general-names
 * The names a certificate carries, and the name constraints a CA imposes, read straight from their
 * DER (RFC 5280 §4.2.1.6, §4.2.1.10). @peculiar/x509 turns iPAddress octets into text (a mask of
 * a name constraint does not survive that) and has no name constraints class, so both are parsed
 * here with asn1js, the BER parser under it. Anything that does not parse is malformed (fail closed).
 */
import { CertificateMalformedError, CertificateNameConstraintsInvalidError } from '../../core/pki-errors.js';
import { describeCertificate } from './certificate-input.js';
import * as x509 from '../x509.js';

type Asn = x509.asn1js.AsnType;

/** GeneralName CHOICE alternatives by context tag number. */
const FORMS = [
  'otherName',
  'rfc822Name',
  'dNSName',
  'x400Address',
  'directoryName',
  'ediPartyName',
  'uniformResourceIdentifier',
  'iPAddress',
  'registeredID',
] as const;
export type GeneralNameForm = (typeof FORMS)[number];

/** One attribute of a relative distinguished name: its OID and its value, normalised for comparison. */
export interface NameAttribute {
  type: string;
  value: string;
}

export type GeneralName =
  | { form: 'rfc822Name' | 'dNSName' | 'uniformResourceIdentifier'; text: string | undefined }
  | { form: 'iPAddress'; bytes: Uint8Array }
  | { form: 'directoryName'; rdns: NameAttribute[][] }
  | { form: 'otherName' | 'x400Address' | 'ediPartyName' | 'registeredID' };

export interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
}

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';
const CONTEXT = 3;
const UNIVERSAL = 1;
/** UTF8String, NumericString, PrintableString, TeletexString, IA5String, VisibleString, UniversalString, BMPString. */
const STRING_TAGS = new Set([12, 18, 19, 20, 22, 26, 28, 30]);

export function nameConstraintsOf(certificate: x509.X509Certificate): NameConstraints | undefined {
  const extension = certificate.extensions.find((e) => e.type === '2.5.29.30');
  if (!extension) return undefined;
  const invalid = (why: string) =>
    new CertificateNameConstraintsInvalidError(`名称约束扩展不可用：${why}`, { extra: describeCertificate(certificate) });
  const top = parse(extension.value);
  const parts = top ? children(top) : undefined;
  if (!parts || parts.length === 0) throw invalid('格式错误或为空');
  const result: NameConstraints = { permitted: [], excluded: [] };
  for (const part of parts) {
    const tag = part.idBlock.tagNumber;
    const subtrees = part.idBlock.tagClass === CONTEXT && tag <= 1 ? children(part) : undefined;
    if (!subtrees || subtrees.length === 0) throw invalid('子树格式错误或为空');
    for (const subtree of subtrees) {
      const [base, ...bounds] = children(subtree) ?? [];
      const name = base && readGeneralName(base);
      if (!name) throw invalid('子树格式错误');
      // §4.2.1.10: minimum MUST be zero and maximum MUST be absent.
      const minimumZero = (b: Asn) => b.idBlock.tagNumber === 0 && contentOf(b).every((x) => x === 0);
      if (bounds.some((b) => !minimumZero(b))) throw invalid('minimum 或 maximum 不被支持');
      (tag === 0 ? result.permitted : result.excluded).push(name);
    }
  }
  return result;
}

/** Subject alternative names, then the subject DN (when not empty) and its emailAddress attributes as rfc822Names. */
export function namesOf(certificate: x509.X509Certificate): GeneralName[] {
  const names: GeneralName[] = [];
  const san = certificate.extensions.find((e) => e.type === '2.5.29.17');
  if (san) {
    const list = parseChildren(san.value);
    if (!list) throw new CertificateMalformedError('subjectAltName 格式错误', { extra: describeCertificate(certificate) });
    for (const item of list) {
      const name = readGeneralName(item);
      if (!name) throw new CertificateMalformedError('subjectAltName 格式错误', { extra: describeCertificate(certificate) });
      names.push(name);
    }
  }
  const subject = readName(certificate.subjectName.toArrayBuffer());
  if (!subject) throw new CertificateMalformedError('证书主体名称格式错误', { extra: describeCertificate(certificate) });
  if (subject.length > 0) names.push({ form: 'directoryName', rdns: subject });
  for (const attribute of subject.flat()) {
    if (attribute.type === EMAIL_ADDRESS) names.push({ form: 'rfc822Name', text: attribute.raw });
  }
  return names;
}

function readGeneralName(node: Asn): GeneralName | undefined {
  if (node.idBlock.tagClass !== CONTEXT) return undefined;
  const form = FORMS[node.idBlock.tagNumber];
  switch (form) {
    case 'rfc822Name':
    case 'dNSName':
    case 'uniformResourceIdentifier': {
      const bytes = contentOf(node);
      // IA5String: seven-bit only; anything else can match nothing (and so fails a permitted subtree).
      return { form, text: bytes.every((b) => b < 0x80) ? Buffer.from(bytes).toString('latin1') : undefined };
    }
    case 'iPAddress':
      return { form, bytes: new Uint8Array(contentOf(node)) };
    case 'directoryName': {
      const inner = children(node)?.[0];
      const rdns = inner && readName(inner.toBER());
      return rdns ? { form, rdns } : undefined;
    }
    case undefined:
      return undefined;
    default:
      return { form };
  }
}

/** A DER Name as RDNs of attributes; string values folded as caseIgnoreMatch does (RFC 5280 §7.1). */
function readName(der: ArrayBuffer): (NameAttribute & { raw: string })[][] | undefined {
  const rdns = parseChildren(der);
  if (!rdns) return undefined;
  const result: (NameAttribute & { raw: string })[][] = [];
  for (const rdn of rdns) {
    const attributes: (NameAttribute & { raw: string })[] = [];
    for (const pair of children(rdn) ?? []) {
      const [type, value] = children(pair) ?? [];
      if (!(type instanceof x509.asn1js.ObjectIdentifier) || !value) return undefined;
      const isString = value.idBlock.tagClass === UNIVERSAL && STRING_TAGS.has(value.idBlock.tagNumber);
      const raw = isString ? stringOf(value) : Buffer.from(value.toBER()).toString('hex');
      if (raw === undefined) return undefined;
      const folded = isString ? raw.trim().replace(/\s+/g, ' ').toLowerCase() : `#${raw}`;
      attributes.push({ type: type.getValue(), value: folded, raw });
    }
    if (attributes.length === 0) return undefined;
    result.push(attributes);
  }
  return result;
}

/** Hostile bytes must end as "malformed", never as an exception from deep inside the parser. */
function parse(der: ArrayBuffer): Asn | undefined {
  try {
    const { offset, result } = x509.asn1js.fromBER(der);
    return offset === -1 || offset !== der.byteLength ? undefined : result;
  } catch {
    return undefined;
  }
}

function stringOf(node: Asn): string | undefined {
  try {
    return (node as x509.asn1js.BaseStringBlock).getValue();
  } catch {
    return undefined;
  }
}

function parseChildren(der: ArrayBuffer): Asn[] | undefined {
  const node = parse(der);
  return node && children(node);
}

/** The content octets of a primitive (implicitly tagged) value; empty for a constructed one. */
function contentOf(node: Asn): Uint8Array {
  return (node.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? new Uint8Array(0);
}

function children(node: Asn): Asn[] | undefined {
  const value = (node.valueBlock as { value?: unknown }).value;
  return node.idBlock.isConstructed && Array.isArray(value) ? (value as Asn[]) : undefined;
}
