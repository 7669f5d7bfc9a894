/**
 * @module audit/verify-chain
 * Recomputes every audit chain from its first entry, page by page (a million entries never sit in
 * memory), and names the first problem of each:
 *
 * - **removed**: a gap in the sequence; an entry chaining to a hash no entry has (entries deleted
 *   and the rest renumbered); fewer entries than the chain head or a signed checkpoint vouches for.
 * - **reordered**: an entry chaining to an entry that exists, but elsewhere in the chain.
 * - **altered**: an entry whose fields no longer give its hash; an entry whose hash was rewritten
 *   (the next still chains to the original); a chain that no longer meets its signed checkpoint or
 *   its head record; a checkpoint whose signature fails.
 *
 * The head is re-read when the pages run out, so entries committed while verifying are followed,
 * not mistaken for a truncation.
 */
import { Buffer } from 'node:buffer';
import { chainHash, GENESIS_HASH, sameBytes } from '../core/audit/audit-hash.js';
import type { AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditVerification, ChainProblem, ChainReport } from '../core/audit/audit-verification.js';
import type { AuditReader } from '../core/ports/audit-reader.js';
import { verifyCheckpoint, type CheckpointKey } from './checkpoint-jws.js';

export interface VerifyDeps {
  reader: AuditReader;
  checkpointKey: CheckpointKey;
  pageSize?: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const missing = (from: number, to: number) => (from === to ? `entry ${from} is missing` : `entries ${from}–${to} are missing`);

export async function verifyAuditChains(deps: VerifyDeps): Promise<AuditVerification> {
  const chains: ChainReport[] = [];
  for (const { chainId } of await deps.reader.chains()) chains.push(await verifyChain(deps, chainId));
  return { ok: chains.every((c) => !c.firstProblem), chains };
}

export async function verifyChain(deps: VerifyDeps, chainId: string): Promise<ChainReport> {
  const { reader } = deps;
  const pageSize = deps.pageSize ?? 2000;
  // Checkpoints before the head: every checkpoint read then is covered by the head read later.
  const signed = new Map<number, { head: string; signedAt: Date }>();
  const problems: ChainProblem[] = [];
  for (const checkpoint of await reader.checkpoints(chainId)) {
    const verified = verifyCheckpoint(deps.checkpointKey, checkpoint.jws);
    const claims = verified.ok ? verified.claims : undefined;
    if (!verified.ok) {
      problems.push({
        id: null,
        seq: checkpoint.seq,
        kind: 'altered',
        detail: `the checkpoint at seq ${checkpoint.seq}: ${verified.reason}`,
      });
    } else if (claims?.chainId !== chainId || claims.seq !== checkpoint.seq || claims.head !== hex(checkpoint.head)) {
      problems.push({
        id: null,
        seq: checkpoint.seq,
        kind: 'altered',
        detail: `the checkpoint at seq ${checkpoint.seq} differs from what was signed`,
      });
    } else {
      signed.set(claims.seq, { head: claims.head, signedAt: checkpoint.signedAt });
    }
  }

  let previous: { id: string | null; seq: number; hash: Uint8Array } = { id: null, seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  let head: ChainHead | undefined;
  let entryProblem: ChainProblem | undefined;
  for (;;) {
    let page = await reader.chainPage(chainId, previous.seq, pageSize);
    if (page.length === 0) {
      head = await reader.head(chainId);
      if (!head || head.seq <= previous.seq) break;
      page = await reader.chainPage(chainId, previous.seq, pageSize);
      if (page.length === 0) {
        entryProblem ??= {
          id: null,
          seq: previous.seq + 1,
          kind: 'removed',
          detail: `${missing(previous.seq + 1, head.seq)} at the end (the chain head records ${head.seq})`,
        };
        break;
      }
    }
    for (const record of page) {
      entries++;
      entryProblem ??= await check(reader, record, previous, signed.get(record.seq));
      previous = { id: record.id, seq: record.seq, hash: record.hash };
    }
  }

  if (!entryProblem) entryProblem = checkEnd(head, previous, signed);
  if (entryProblem) problems.push(entryProblem);
  const firstProblem = problems.sort((a, b) => a.seq - b.seq)[0];
  return { chainId, entries, head: head && hex(head.head), checkpoints: signed.size, ...(firstProblem ? { firstProblem } : {}) };
}

async function check(
  reader: AuditReader,
  record: AuditRecord,
  previous: { id: string | null; seq: number; hash: Uint8Array },
  checkpoint: { head: string; signedAt: Date } | undefined,
): Promise<ChainProblem | undefined> {
  const at = { id: record.id, seq: record.seq };
  if (record.seq !== previous.seq + 1) {
    return {
      id: null,
      seq: previous.seq + 1,
      kind: 'removed',
      detail: `${missing(previous.seq + 1, record.seq - 1)} (the next present is id ${record.id})`,
    };
  }
  const selfConsistent = sameBytes(chainHash(record.prevHash, record), record.hash);
  const linked = sameBytes(record.prevHash, previous.hash);
  if (selfConsistent && linked) {
    if (checkpoint && checkpoint.head !== hex(record.hash)) {
      return {
        ...at,
        kind: 'altered',
        detail: `the chain up to here no longer matches the checkpoint signed at ${checkpoint.signedAt.toISOString()}`,
      };
    }
    return undefined;
  }
  if (linked) return { ...at, kind: 'altered', detail: 'its stored fields no longer give its hash' };
  const chainedAfter = await reader.findByHash(record.chainId, record.prevHash);
  if (chainedAfter) {
    return {
      ...at,
      kind: 'reordered',
      detail: `it sits at seq ${record.seq} but was chained after the entry now at seq ${chainedAfter.seq} (id ${chainedAfter.id})`,
    };
  }
  if (selfConsistent && previous.id !== null) {
    return {
      id: previous.id,
      seq: previous.seq,
      kind: 'altered',
      detail: 'its hash was rewritten: the entry after it still chains to the original',
    };
  }
  return { ...at, kind: 'removed', detail: 'it chains to an entry that is no longer in the log' };
}

function checkEnd(
  head: ChainHead | undefined,
  last: { id: string | null; seq: number; hash: Uint8Array },
  signed: Map<number, { head: string; signedAt: Date }>,
): ChainProblem | undefined {
  const vouched = Math.max(0, ...signed.keys());
  if (vouched > last.seq) {
    return {
      id: null,
      seq: last.seq + 1,
      kind: 'removed',
      detail: `a signed checkpoint vouches for ${vouched} entries; ${last.seq} remain`,
    };
  }
  if (!head) return { id: null, seq: last.seq + 1, kind: 'removed', detail: 'the chain head record is missing' };
  if (head.seq < last.seq) {
    return {
      id: null,
      seq: head.seq + 1,
      kind: 'altered',
      detail: `entries beyond the recorded head (seq ${head.seq}) were added outside the hub`,
    };
  }
  if (!sameBytes(head.head, last.hash)) {
    return { id: last.id, seq: last.seq, kind: 'altered', detail: 'the chain head record does not match the last entry' };
  }
  return undefined;
}
