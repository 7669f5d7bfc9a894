/**
 * Worker thread of the ingest benchmark: generates licences `[from, to)` with the shared generator
 * and seals each with its issuing department's key, the way the department systems would before
 * submitting. Sealing is the departments' cost, not the hub's, so it happens before the clock
 * starts. The result travels back as one transferable buffer of JWS bytes plus offsets.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createLicenseGenerator } from '../../src/main/demo/license-generator.js';

export interface SealJob {
  seed: number;
  today: string;
  from: number;
  to: number;
  departments: { uscc: string; name: string; keyPem: string; x5c: string[] }[];
}

export interface SealedSlice {
  from: number;
  /** JWS bytes of every licence, back to back. */
  bytes: ArrayBuffer;
  /** `to - from + 1` offsets into `bytes`. */
  offsets: Int32Array;
  /** Index into `departments` of each licence's issuer. */
  issuers: Uint16Array;
}

const job = workerData as SealJob;
const departments = job.departments.map((d) => ({
  ...d,
  key: createPrivateKey(d.keyPem),
  header: Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'zz-license+jws', x5c: d.x5c })).toString('base64url'),
}));
const byUscc = new Map(departments.map((d, i) => [d.uscc, i]));
const generator = createLicenseGenerator({
  seed: job.seed,
  today: job.today,
  issuerOf: (_type, random) => {
    const { uscc, name } = random.pick(departments);
    return { uscc, name };
  },
});

const count = job.to - job.from;
const chunks: Buffer[] = [];
const offsets = new Int32Array(count + 1);
const issuers = new Uint16Array(count);
let length = 0;
for (let i = 0; i < count; i++) {
  const { payload } = generator.license(job.from + i);
  const issuer = byUscc.get(payload.issuer.uscc) as number;
  const department = departments[issuer] as (typeof departments)[number];
  const input = `${department.header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: department.key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  const jws = Buffer.from(`${input}.${signature}`);
  chunks.push(jws);
  issuers[i] = issuer;
  length += jws.length;
  offsets[i + 1] = length;
}
const joined = Buffer.concat(chunks, length);
// A fresh ArrayBuffer of exactly this slice, so it can be transferred rather than copied.
const bytes = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
const slice: SealedSlice = { from: job.from, bytes, offsets, issuers };
parentPort?.postMessage(slice, [bytes, offsets.buffer, issuers.buffer]);
