#!/usr/bin/env node
// Runs `openssl verify -x509_strict` over the same x509-limbo vectors as
// src/pki/path/limbo-vectors.test.ts, on the same terms (trust anchors, untrusted intermediates,
// validation time, CRLs when given, the same depth limit, no host name or purpose check), and prints
// its agreement with limbo's expected results and where it differs. For certs/README.md's comparison.
// Usage: node test/vectors/x509-limbo/openssl-verify.mjs [path/to/openssl]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const openssl = process.argv[2] ?? 'openssl';
const file = new URL('./limbo-rfc5280.json', import.meta.url);
const { testcases } = JSON.parse(readFileSync(file, 'utf8'));
const dir = mkdtempSync(path.join(tmpdir(), 'limbo-openssl-'));
let agree = 0;
const differs = [];
try {
  for (const t of testcases) {
    const at = Math.floor(new Date(t.validation_time ?? Date.now()).getTime() / 1000);
    const write = (name, pems) => {
      const target = path.join(dir, name);
      writeFileSync(target, pems.join('\n'));
      return target;
    };
    const args = ['verify', '-x509_strict', '-attime', String(at), '-CAfile', write('trusted.pem', t.trusted_certs)];
    if (t.untrusted_intermediates.length > 0) args.push('-untrusted', write('untrusted.pem', t.untrusted_intermediates));
    if (t.crls.length > 0) args.push('-crl_check', '-CRLfile', write('crls.pem', t.crls));
    if (t.max_chain_depth !== null) args.push('-verify_depth', String(t.max_chain_depth));
    args.push(write('leaf.pem', [t.peer_certificate]));
    const run = spawnSync(openssl, args, { encoding: 'utf8' });
    const result = run.status === 0 ? 'SUCCESS' : 'FAILURE';
    if (result === t.expected_result) agree += 1;
    else
      differs.push(
        `${t.id}: expected ${t.expected_result}, openssl ${result} ${(run.stderr.match(/error \d+ at \d+ depth lookup: [^\n]*/) ?? [''])[0]}`,
      );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(execFileSync(openssl, ['version'], { encoding: 'utf8' }).trim());
console.log(`agreement: ${agree} / ${testcases.length}`);
for (const line of differs) console.log(`  ${line}`);
