/**
 * @module cli/pki-verify-command
 * `zhengzhao pki verify LEAF.pem --trust ROOTS.pem [--untrusted CHAIN.pem] [--crl CRL] [--at ISO]
 * [--purpose seal|system|any]`: the hub's own path validation, locally, for an admin checking a
 * certificate by hand. Exit 0 valid, 1 invalid (the reason code printed), 2 usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HubError } from '../core/errors.js';
import { readCrlFile, splitCertificates } from '../pki/pem-bundle.js';
import { validateCertificatePath } from '../pki/path/validate-path.js';
import { UsageError, type Command } from './command.js';

const PURPOSES = ['seal', 'system', 'any'] as const;

export const pkiVerifyCommand: Command = {
  name: ['pki', 'verify'],
  summary: 'validate a certificate path locally (signatures, validity, CA rules, RFC 5280 profile, name constraints, KU/EKU, CRL)',
  usage: 'zhengzhao pki verify LEAF.pem --trust ROOTS.pem [--untrusted CHAIN.pem] [--crl CRL] [--at ISO] [--purpose seal|system|any]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        untrusted: { type: 'string', multiple: true },
        crl: { type: 'string', multiple: true },
        at: { type: 'string' },
        purpose: { type: 'string', default: 'any' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one LEAF.pem');
    if (!values.trust?.length) throw new UsageError('--trust is required (the root or issuing CA you trust, PEM)');
    const purpose = values.purpose as (typeof PURPOSES)[number];
    if (!PURPOSES.includes(purpose)) throw new UsageError(`--purpose must be one of ${PURPOSES.join(', ')}`);
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO 8601 time');

    const leafFile = positionals[0] as string;
    const [leaf, ...rest] = splitCertificates(await readText(leafFile));
    if (!leaf) throw new UsageError(`${leafFile} holds no PEM certificate`);
    const trustAnchors = (await Promise.all(values.trust.map(readText))).flatMap(splitCertificates);
    const intermediates = [...rest, ...(await Promise.all((values.untrusted ?? []).map(readText))).flatMap(splitCertificates)];
    const crls = await Promise.all((values.crl ?? []).map(async (file) => readCrlFile(await readBytes(file))));

    try {
      const path = await validateCertificatePath({
        leaf,
        intermediates,
        trustAnchors,
        at,
        purpose,
        crls,
        requireRevocationCheck: crls.length > 0,
      });
      io.out(`OK: ${path.leaf.subject}`);
      io.out(`  chain: ${path.chain.map((c) => c.subject).join('  →  ')}`);
      io.out(`  valid for this path from ${path.validFrom.toISOString()} until ${path.validUntil.toISOString()}`);
      io.out(path.revocationChecked ? '  revocation: checked against the CRL' : '  revocation: NOT checked (give --crl)');
      return 0;
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      io.out(`INVALID ${error.code}: ${error.detail}`);
      if (error.extra) io.out(`  ${JSON.stringify(error.extra)}`);
      return 1;
    }
  },
};

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  }
}

async function readText(file: string): Promise<string> {
  return Buffer.from(await readBytes(file)).toString('utf8');
}
