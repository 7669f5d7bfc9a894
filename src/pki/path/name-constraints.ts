/**
 * @module pki/path/name-constraints
 * RFC 5280 §6.1 name constraints state, fed from the trust anchor down. Each CA's permitted subtrees
 * are kept as one set per CA (a name must fall in some subtree of every set of its form — the
 * intersection, without computing it) and excluded subtrees as one union. Names are checked for every
 * certificate below the constraining CA except self-issued intermediates (§6.1.3 (b)/(c): key rollover
 * stays possible; the leaf is always checked). Forms: dNSName, rfc822Name (also the subject's
 * emailAddress), uniformResourceIdentifier (its host), iPAddress (address and mask) and directoryName
 * (RDN prefix); a constraint on any other form fails closed as soon as a certificate uses that form.
 */
import {
  CertificateNameConstraintsInvalidError,
  CertificateNameExcludedError,
  CertificateNameNotPermittedError,
} from '../../core/pki-errors.js';
import { describeCertificate } from './certificate-input.js';
import { type GeneralName, type NameAttribute, nameConstraintsOf, namesOf } from './general-names.js';
import * as x509 from '../x509.js';

export interface NameConstraintsState {
  /** Checks the names of a certificate below every CA absorbed so far. */
  check(certificate: x509.X509Certificate): void;
  /** Takes a CA's (or the anchor's) constraints into the state for the certificates below it. */
  absorb(ca: x509.X509Certificate): void;
}

const MATCHED_FORMS = new Set(['dNSName', 'rfc822Name', 'uniformResourceIdentifier', 'iPAddress', 'directoryName']);

export function createNameConstraintsState(): NameConstraintsState {
  const permittedSets: GeneralName[][] = [];
  const excluded: GeneralName[] = [];
  return {
    absorb(ca) {
      const constraints = nameConstraintsOf(ca);
      if (!constraints) return;
      const ext = ca.extensions.find((e) => e.type === '2.5.29.30') as x509.Extension;
      const invalid = (why: string) =>
        new CertificateNameConstraintsInvalidError(`名称约束扩展不可用：${why}`, { extra: describeCertificate(ca) });
      if (!ext.critical) throw invalid('必须标记为关键扩展');
      if (!ca.getExtension(x509.BasicConstraintsExtension)?.ca) throw invalid('只能出现在 CA 证书中');
      for (const base of [...constraints.permitted, ...constraints.excluded]) {
        if (!validConstraint(base)) throw invalid(`${base.form} 子树格式错误`);
      }
      // One set per form this CA constrains: a form it leaves out stays as open as before.
      for (const form of new Set(constraints.permitted.map((c) => c.form))) {
        permittedSets.push(constraints.permitted.filter((c) => c.form === form));
      }
      excluded.push(...constraints.excluded);
    },
    check(certificate) {
      for (const name of namesOf(certificate)) {
        const permitted = permittedSets.filter((set) => set[0]?.form === name.form);
        const excludes = excluded.filter((c) => c.form === name.form);
        if (permitted.length === 0 && excludes.length === 0) continue;
        if (!MATCHED_FORMS.has(name.form)) {
          throw new CertificateNameConstraintsInvalidError(`名称约束限制了无法处理的名称形式 ${name.form}`, {
            extra: { ...describeCertificate(certificate), form: name.form },
          });
        }
        const extra = { ...describeCertificate(certificate), form: name.form, name: display(name) };
        if (!usable(name) || !permitted.every((set) => set.some((c) => within(name, c)))) {
          throw new CertificateNameNotPermittedError(`证书名称 ${extra.name} 不在名称约束允许的范围内`, { extra });
        }
        if (excludes.some((c) => touches(name, c))) {
          throw new CertificateNameExcludedError(`证书名称 ${extra.name} 在名称约束排除的范围内`, { extra });
        }
      }
    },
  };
}

/** Whether every instance of `name` lies in subtree `c` (same form). */
function within(name: GeneralName, c: GeneralName): boolean {
  if (name.form === 'dNSName' && c.form === 'dNSName') return dnsWithin(dnsBase(lower(name.text)), lower(c.text));
  if (name.form === 'rfc822Name' && c.form === 'rfc822Name') return emailWithin(name.text as string, c.text as string);
  if (name.form === 'uniformResourceIdentifier' && c.form === 'uniformResourceIdentifier') {
    return hostWithin(uriHost(name.text as string) as string, lower(c.text));
  }
  if (name.form === 'iPAddress' && c.form === 'iPAddress') return ipWithin(name.bytes, c.bytes);
  if (name.form === 'directoryName' && c.form === 'directoryName') return dnWithin(name.rdns, c.rdns);
  return false;
}

/** Whether some instance of `name` lies in excluded subtree `c`: a wildcard DNS name stands for every one-label fill. */
function touches(name: GeneralName, c: GeneralName): boolean {
  if (within(name, c)) return true;
  if (name.form !== 'dNSName' || c.form !== 'dNSName' || !lower(name.text).startsWith('*.')) return false;
  const base = dnsBase(lower(name.text));
  const constraint = lower(c.text);
  return constraint.endsWith(`.${base}`) && !constraint.slice(0, -(base.length + 1)).includes('.');
}

/** A name that cannot be compared (malformed) fails any constraint of its form. */
function usable(name: GeneralName): boolean {
  switch (name.form) {
    case 'dNSName':
      return name.text !== undefined && validDns(name.text.toLowerCase(), true);
    case 'rfc822Name':
      return name.text !== undefined && mailbox(name.text) !== undefined;
    case 'uniformResourceIdentifier':
      return name.text !== undefined && uriHost(name.text) !== undefined;
    case 'iPAddress':
      return name.bytes.length === 4 || name.bytes.length === 16;
    default:
      return true;
  }
}

function validConstraint(c: GeneralName): boolean {
  switch (c.form) {
    case 'dNSName':
      // §4.2.1.10: any name built by adding labels to the left; no leading period, no wildcard. Empty = every name.
      return c.text !== undefined && (c.text === '' || validDns(c.text.toLowerCase(), false));
    case 'rfc822Name': {
      if (c.text === undefined) return false;
      if (c.text.includes('@')) return mailbox(c.text) !== undefined;
      const host = c.text.startsWith('.') ? c.text.slice(1) : c.text;
      return validDns(host.toLowerCase(), false);
    }
    case 'uniformResourceIdentifier': {
      if (c.text === undefined) return false;
      const host = c.text.startsWith('.') ? c.text.slice(1) : c.text;
      return validDns(host.toLowerCase(), false);
    }
    case 'iPAddress':
      return (c.bytes.length === 8 || c.bytes.length === 32) && contiguousMask(c.bytes.subarray(c.bytes.length / 2));
    default:
      return true;
  }
}

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

function validDns(name: string, allowWildcard: boolean): boolean {
  const labels = name.split('.');
  if (allowWildcard && labels[0] === '*' && labels.length > 2) labels.shift();
  return name.length <= 253 && labels.every((label) => LABEL.test(label));
}

function dnsBase(name: string): string {
  return name.startsWith('*.') ? name.slice(2) : name;
}

function dnsWithin(name: string, constraint: string): boolean {
  return constraint === '' || name === constraint || name.endsWith(`.${constraint}`);
}

/** `.example.com` means any host below example.com; otherwise exactly that host. */
function hostWithin(host: string, constraint: string): boolean {
  return constraint.startsWith('.') ? host.endsWith(constraint) : host === constraint;
}

function mailbox(address: string): { local: string; host: string } | undefined {
  const parts = address.split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1] || !validDns(parts[1].toLowerCase(), false)) return undefined;
  return { local: parts[0], host: parts[1].toLowerCase() };
}

/** A whole mailbox matches exactly (local part case-sensitive); otherwise a host or `.domain`. */
function emailWithin(address: string, constraint: string): boolean {
  const box = mailbox(address) as { local: string; host: string };
  if (constraint.includes('@')) {
    const wanted = mailbox(constraint) as { local: string; host: string };
    return box.local === wanted.local && box.host === wanted.host;
  }
  return hostWithin(box.host, constraint.toLowerCase());
}

/** §4.2.1.10: URI constraints apply to the host part; a URI without an authority has none and fails. */
function uriHost(uri: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#[\]]+)(?::\d*)?(?:[/?#]|$)/i.exec(uri);
  const host = match?.[1]?.toLowerCase();
  return host !== undefined && validDns(host, false) ? host : undefined;
}

function ipWithin(address: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== address.length * 2) return false;
  return address.every((byte, i) => ((byte ^ (constraint[i] as number)) & (constraint[i + address.length] as number)) === 0);
}

function contiguousMask(mask: Uint8Array): boolean {
  const bits = Array.from(mask, (b) => b.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

/** RFC 5280 §7.1: the constraint's RDNs are a prefix of the name's, each RDN equal as a set. */
function dnWithin(name: NameAttribute[][], constraint: NameAttribute[][]): boolean {
  if (constraint.length > name.length) return false;
  return constraint.every((rdn, i) => {
    const other = name[i] as NameAttribute[];
    return rdn.length === other.length && rdn.every((a) => other.some((b) => a.type === b.type && a.value === b.value));
  });
}

function lower(text: string | undefined): string {
  return (text ?? '').toLowerCase();
}

function display(name: GeneralName): string {
  if ('text' in name) return name.text ?? '(非 IA5 字符)';
  if (name.form === 'iPAddress') return Buffer.from(name.bytes).toString('hex');
  if (name.form === 'directoryName') return name.rdns.map((rdn) => rdn.map((a) => `${a.type}=${a.value}`).join('+')).join(', ');
  return name.form;
}
