/**
 * @module audit/verify-chain
 * Recomputes every audit chain from its first entry, page by page (a million entries never sit in
 * memory), and names the first problem of each:
 *
 * - **removed**: a gap in the sequence; an entry chaining to a hash no entry has (entries deleted
 *   and the rest renumbered); fewer entries than the chain head or a signed checkpoint vouches for;
 *   a checkpoint the external anchor holds that the database no longer has; a registered chain gone.
 * - **reordered**: an entry chaining to an entry that exists, but elsewhere in the chain.
 * - **altered**: an entry whose fields no longer give its hash; an entry whose hash was rewritten
 *   (the next still chains to the original); a chain that no longer meets its signed checkpoint or
 *   its head record; a checkpoint whose signature fails; a closed chain that grew afterwards; a
 *   chain the signed register never heard of (made outside the hub).
 *
 * Checkpoints count from both places, the database and the anchor: deleting rows cannot remove
 * what the anchor vouches for. Sequence numbers are bigints throughout and every page must advance
 * past the last one, so no tampered value can keep the walk on one page. The head is re-read when
 * the pages run out, so entries committed while verifying are followed, not mistaken for a truncation.
 */
import { Buffer } from 'node:buffer';
import { chainHash, GENESIS_HASH, sameBytes } from '../core/audit/audit-hash.js';
import type { AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditVerification, ChainProblem, ChainReport } from '../core/audit/audit-verification.js';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';
import type { AuditReader } from '../core/ports/audit-reader.js';
import { readAnchor, type AnchoredChain } from './anchored-statements.js';
import { verifyCheckpoint, type CheckpointKey } from './checkpoint-jws.js';

export interface VerifyDeps {
  reader: AuditReader;
  checkpointKey: CheckpointKey;
  /** Where checkpoints and the register were published outside the database. */
  anchor?: AuditAnchor;
  /** The checkpoint interval: an open chain without a checkpoint for twice this long is stale. */
  checkpointIntervalMs?: number;
  now?: () => Date;
  pageSize?: number;
}

interface Signed {
  head: string;
  signedAt: Date;
  where: string;
}
interface Walked {
  id: string | null;
  seq: bigint;
  hash: Uint8Array;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const missing = (from: bigint, to: bigint) => (from === to ? `entry ${from} is missing` : `entries ${from}–${to} are missing`);
const problem = (id: string | null, seq: bigint, kind: ChainProblem['kind'], detail: string): ChainProblem => ({
  id,
  seq: String(seq),
  kind,
  detail,
});

export async function verifyAuditChains(deps: VerifyDeps): Promise<AuditVerification> {
  const anchored = deps.anchor ? await readAnchor(deps.anchor, deps.checkpointKey) : undefined;
  const ids = new Set((await deps.reader.chains()).map((c) => c.chainId));
  for (const chainId of anchored?.chains.keys() ?? []) ids.add(chainId);
  const chains: ChainReport[] = [];
  for (const chainId of [...ids].sort()) chains.push(await verifyChain(deps, chainId, anchored && (anchored.chains.get(chainId) ?? null)));
  const anchorOk = !anchored || anchored.report.unreadable === 0;
  return { ok: anchorOk && chains.every((c) => !c.firstProblem), chains, ...(anchored ? { anchor: anchored.report } : {}) };
}

/**
 * `anchored`: what the anchor holds about this chain; `null` when an anchor is in use but never heard
 * of it, `undefined` when there is no anchor.
 */
export async function verifyChain(deps: VerifyDeps, chainId: string, anchored?: AnchoredChain | null): Promise<ChainReport> {
  const { reader } = deps;
  const pageSize = deps.pageSize ?? 2000;
  const problems: ChainProblem[] = [];
  // Checkpoints before the head: every checkpoint read then is covered by the head read later.
  const signed = new Map<bigint, Signed>();
  const stored = new Map<bigint, string>();
  for (const checkpoint of await reader.checkpoints(chainId)) {
    const verified = verifyCheckpoint(deps.checkpointKey, checkpoint.jws);
    const claims = verified.ok ? verified.claims : undefined;
    if (!verified.ok) {
      problems.push(problem(null, checkpoint.seq, 'altered', `the checkpoint at seq ${checkpoint.seq}: ${verified.reason}`));
    } else if (claims?.chainId !== chainId || claims.seq !== checkpoint.seq || claims.head !== hex(checkpoint.head)) {
      problems.push(problem(null, checkpoint.seq, 'altered', `the checkpoint at seq ${checkpoint.seq} differs from what was signed`));
    } else {
      signed.set(claims.seq, { head: claims.head, signedAt: checkpoint.signedAt, where: 'in the database' });
      stored.set(claims.seq, claims.head);
    }
  }
  for (const [seq, { head, at }] of anchored?.checkpoints ?? []) {
    if (seq === 0n) continue;
    const kept = stored.get(seq);
    if (kept === undefined) {
      problems.push(
        problem(null, seq, 'removed', `the checkpoint at seq ${seq}, published to the audit anchor, was deleted from the database`),
      );
    } else if (kept !== head) {
      problems.push(problem(null, seq, 'altered', `the checkpoint at seq ${seq} in the database differs from the one in the audit anchor`));
    }
    signed.set(seq, { head, signedAt: at, where: 'in the audit anchor' });
  }

  let previous: Walked = { id: null, seq: 0n, hash: GENESIS_HASH };
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
        entryProblem ??= problem(
          null,
          previous.seq + 1n,
          'removed',
          `${missing(previous.seq + 1n, head.seq)} at the end (the chain head records ${head.seq})`,
        );
        break;
      }
    }
    if (page.some((record, i) => record.seq <= (i === 0 ? previous.seq : (page[i - 1] as AuditRecord).seq))) {
      // The reader broke its own contract; stop rather than walk the same page again.
      entryProblem ??= problem(null, previous.seq, 'altered', `the entries after seq ${previous.seq} do not come back in sequence order`);
      break;
    }
    for (const record of page) {
      entries++;
      entryProblem ??= await check(reader, record, previous, signed.get(record.seq));
      previous = { id: record.id, seq: record.seq, hash: record.hash };
    }
  }

  if (!entryProblem) entryProblem = checkEnd(head, previous, signed);
  if (entryProblem) problems.push(entryProblem);
  const registered = checkRegister(anchored, chainId, previous, head);
  // An unregistered chain is named only when its entries are otherwise sound, so it hides nothing.
  if (registered.problem && (registered.state !== 'unregistered' || problems.length === 0)) problems.push(registered.problem);
  const firstProblem = problems.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0))[0];

  const times = [...signed.values()].map((s) => s.signedAt.getTime());
  if (anchored?.lastAt) times.push(anchored.lastAt.getTime());
  const last = times.length > 0 ? new Date(Math.max(...times)) : undefined;
  const intervalMs = deps.checkpointIntervalMs;
  const stale =
    registered.state === 'open' &&
    intervalMs !== undefined &&
    (deps.now?.() ?? new Date()).getTime() - (last?.getTime() ?? 0) > 2 * intervalMs;
  return {
    chainId,
    entries,
    head: head && hex(head.head),
    checkpoints: signed.size,
    state: registered.state,
    ...(registered.closedAt === undefined ? {} : { closedAt: String(registered.closedAt) }),
    ...(last ? { lastCheckpointAt: last.toISOString() } : {}),
    ...(stale ? { stale: true } : {}),
    ...(firstProblem ? { firstProblem } : {}),
  };
}

function checkRegister(anchored: AnchoredChain | null | undefined, chainId: string, last: Walked, head: ChainHead | undefined) {
  if (anchored === undefined) return { state: 'unregistered' as const };
  if (anchored === null || anchored.state === undefined) {
    return {
      state: 'unregistered' as const,
      problem: problem(null, 1n, 'altered', `chain ${chainId} is not in the signed register: it was made outside the hub`),
    };
  }
  if (anchored.state.state === 'open') return { state: 'open' as const };
  const closedAt = anchored.state.seq;
  const reached = head && head.seq > last.seq ? head.seq : last.seq;
  if (reached > closedAt) {
    return {
      state: 'closed' as const,
      closedAt,
      problem: problem(
        null,
        closedAt + 1n,
        'altered',
        `the chain was closed at seq ${closedAt} and extended afterwards, to seq ${reached}`,
      ),
    };
  }
  return { state: 'closed' as const, closedAt };
}

async function check(
  reader: AuditReader,
  record: AuditRecord,
  previous: Walked,
  checkpoint: Signed | undefined,
): Promise<ChainProblem | undefined> {
  if (record.seq !== previous.seq + 1n) {
    return problem(
      null,
      previous.seq + 1n,
      'removed',
      `${missing(previous.seq + 1n, record.seq - 1n)} (the next present is id ${record.id})`,
    );
  }
  const selfConsistent = sameBytes(chainHash(record.prevHash, record), record.hash);
  const linked = sameBytes(record.prevHash, previous.hash);
  if (selfConsistent && linked) {
    if (checkpoint && checkpoint.head !== hex(record.hash)) {
      return problem(
        record.id,
        record.seq,
        'altered',
        `the chain up to here no longer matches the checkpoint signed at ${checkpoint.signedAt.toISOString()} (${checkpoint.where})`,
      );
    }
    return undefined;
  }
  if (linked) return problem(record.id, record.seq, 'altered', 'its stored fields no longer give its hash');
  const chainedAfter = await reader.findByHash(record.chainId, record.prevHash);
  if (chainedAfter) {
    return problem(
      record.id,
      record.seq,
      'reordered',
      `it sits at seq ${record.seq} but was chained after the entry now at seq ${chainedAfter.seq} (id ${chainedAfter.id})`,
    );
  }
  if (selfConsistent && previous.id !== null) {
    return problem(previous.id, previous.seq, 'altered', 'its hash was rewritten: the entry after it still chains to the original');
  }
  return problem(record.id, record.seq, 'removed', 'it chains to an entry that is no longer in the log');
}

function checkEnd(head: ChainHead | undefined, last: Walked, signed: Map<bigint, Signed>): ChainProblem | undefined {
  const vouched = [...signed.keys()].reduce((max, seq) => (seq > max ? seq : max), 0n);
  if (vouched > last.seq) {
    return problem(null, last.seq + 1n, 'removed', `a signed checkpoint vouches for ${vouched} entries; ${last.seq} remain`);
  }
  if (!head) return problem(null, last.seq + 1n, 'removed', 'the chain head record is missing');
  if (head.seq < last.seq) {
    return problem(null, head.seq + 1n, 'altered', `entries beyond the recorded head (seq ${head.seq}) were added outside the hub`);
  }
  if (!sameBytes(head.head, last.hash)) {
    return problem(last.id, last.seq, 'altered', 'the chain head record does not match the last entry');
  }
  return undefined;
}
