import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, toChainedFields } from '../core/audit/audit-hash.js';
import type { AuditCheckpoint, AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';
import type { Logger } from '../core/ports/logger.js';
import { FileSigner } from '../pki/keys/file-signer.js';
import { verifyAuditStatement } from './checkpoint-jws.js';
import { startCheckpointer } from './checkpointer.js';

const signer = FileSigner.generate('ES256');

function store() {
  const rows: AuditRecord[] = [];
  let head: ChainHead = { chainId: 'c', seq: 0n, head: GENESIS_HASH };
  const checkpoints: Omit<AuditCheckpoint, 'id'>[] = [];
  return {
    rows,
    checkpoints,
    append(n: number) {
      for (let i = 0; i < n; i++) {
        const seq = head.seq + 1n;
        const fields = toChainedFields(
          {
            action: 'a',
            actor: 'x',
            role: 'r',
            department: undefined,
            target: undefined,
            result: 'ok',
            requestId: undefined,
            at: new Date(0),
          },
          'c',
          seq,
        );
        const hash = chainHash(head.head, fields);
        rows.push({ ...fields, id: String(seq), prevHash: head.head, hash });
        head = { chainId: 'c', seq, head: hash };
      }
    },
    setHead(h: ChainHead) {
      head = h;
    },
    head: async () => head,
    latestCheckpointSeq: async () => checkpoints.reduce((max, c) => (c.seq > max ? c.seq : max), 0n),
    insertCheckpoint: async (c: Omit<AuditCheckpoint, 'id'>) => void checkpoints.push(c),
    chainPage: async (_: string, after: bigint, limit: number) => rows.filter((r) => r.seq > after).slice(0, limit),
  };
}

function anchor(fail = { now: false }) {
  const lines: string[] = [];
  const a: AuditAnchor & { lines: string[] } = {
    lines,
    description: 'memory',
    append: async (statements) => {
      if (fail.now) throw new Error('anchor unavailable');
      lines.push(...statements);
    },
    readAll: async () => lines,
  };
  return a;
}

const errors: string[] = [];
const logger: Logger = { debug() {}, info() {}, warn() {}, error: (_o, msg) => void errors.push(msg ?? ''), child: () => logger };
const claims = (line: string) => {
  const verified = verifyAuditStatement(signer, line);
  if (!verified.ok) throw new Error(verified.reason);
  return verified.claims;
};

describe('audit checkpointer', () => {
  it('registers the chain open, checkpoints it every run (anchoring even an idle chain), and closes it at stop', async () => {
    const s = store();
    const a = anchor();
    const checkpointer = await startCheckpointer({ store: s, signer, anchor: a, chainIds: ['c'], logger, now: () => new Date(0) });
    expect(a.lines.map(claims)).toEqual([{ kind: 'chain', chainId: 'c', state: 'open', seq: 0n, at: '1970-01-01T00:00:00.000Z' }]);
    s.append(3);
    expect(await checkpointer.checkpointNow()).toBe(1);
    expect(await checkpointer.checkpointNow()).toBe(0);
    await checkpointer.stop();
    expect(a.lines.map(claims).map((c) => [c.kind, c.seq])).toEqual([
      ['chain', 0n],
      ['checkpoint', 3n],
      ['checkpoint', 3n],
      ['checkpoint', 3n],
      ['chain', 3n],
    ]);
    expect(claims(a.lines.at(-1) as string)).toMatchObject({ state: 'closed' });
    expect(s.checkpoints.map((c) => c.seq)).toEqual([3n]);
  });

  it('refuses to vouch for a head or tail rewritten in the database', async () => {
    const s = store();
    const a = anchor();
    errors.length = 0;
    const checkpointer = await startCheckpointer({ store: s, signer, anchor: a, chainIds: ['c'], logger, now: () => new Date(0) });
    s.append(4);
    await checkpointer.checkpointNow();
    s.append(2);
    (s.rows[4] as AuditRecord).result = 'forged';
    expect(await checkpointer.checkpointNow()).toBe(0);
    s.setHead({ chainId: 'c', seq: 2n, head: (s.rows[1] as AuditRecord).hash });
    expect(await checkpointer.checkpointNow()).toBe(0);
    expect(errors).toHaveLength(2);
    expect(s.checkpoints.map((c) => c.seq)).toEqual([4n]);
    await checkpointer.stop();
    // Closed at what it verified last, not at the head the database now claims.
    expect(claims(a.lines.at(-1) as string)).toMatchObject({ kind: 'chain', state: 'closed', seq: 4n });
  });

  it('keeps statements the anchor refused and appends them, in order, once it answers', async () => {
    const s = store();
    const fail = { now: false };
    const a = anchor(fail);
    const checkpointer = await startCheckpointer({ store: s, signer, anchor: a, chainIds: ['c'], logger, now: () => new Date(0) });
    fail.now = true;
    s.append(1);
    await expect(checkpointer.checkpointNow()).rejects.toThrow('anchor unavailable');
    s.append(1);
    fail.now = false;
    await checkpointer.checkpointNow();
    expect(a.lines.map(claims).map((c) => [c.kind, c.seq])).toEqual([
      ['chain', 0n],
      ['checkpoint', 1n],
      ['checkpoint', 2n],
    ]);
  });
});
