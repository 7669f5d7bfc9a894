import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { chainHash, GENESIS_HASH, toChainedFields } from '../core/audit/audit-hash.js';
import type { AuditCheckpoint, AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditReader } from '../core/ports/audit-reader.js';
import { FileSigner } from '../pki/keys/file-signer.js';
import { signCheckpoint } from './checkpoint-jws.js';
import { verifyAuditChains, verifyChain } from './verify-chain.js';

/** Rows as a database would hold them, open to any tampering a test wants. */
class MemoryLog implements AuditReader {
  rows: AuditRecord[] = [];
  heads = new Map<string, ChainHead>();
  signed: AuditCheckpoint[] = [];
  pageReads = 0;

  append(chainId: string, count: number): void {
    const head = this.heads.get(chainId) ?? { chainId, seq: 0, head: GENESIS_HASH };
    let { seq, head: prev } = head;
    for (let i = 0; i < count; i++) {
      seq++;
      const entry: AuditEntry = {
        action: 'license.verify',
        actor: 'user:a',
        role: 'clerk',
        department: 'D',
        target: `L${seq}`,
        purpose: { caseNo: `C${seq}` },
        result: 'valid',
        requestId: `r${seq}`,
        at: new Date(1_700_000_000_000 + seq),
        details: { n: seq },
      };
      const fields = toChainedFields(entry, chainId, seq);
      const hash = chainHash(prev, fields);
      this.rows.push({ ...fields, id: String(this.rows.length + 1), prevHash: prev, hash });
      prev = hash;
    }
    this.heads.set(chainId, { chainId, seq, head: prev });
  }

  row(chainId: string, seq: number): AuditRecord {
    return this.rows.find((r) => r.chainId === chainId && r.seq === seq) as AuditRecord;
  }

  async search(): Promise<AuditRecord[]> {
    return [];
  }
  async chains() {
    const ids = new Set([...this.heads.keys(), ...this.rows.map((r) => r.chainId), ...this.signed.map((c) => c.chainId)]);
    return [...ids].sort().map((chainId) => ({ chainId, head: this.heads.get(chainId) }));
  }
  async head(chainId: string) {
    return this.heads.get(chainId);
  }
  async chainPage(chainId: string, afterSeq: number, limit: number) {
    this.pageReads++;
    return this.rows
      .filter((r) => r.chainId === chainId && r.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }
  async findByHash(chainId: string, hash: Uint8Array) {
    const row = this.rows.find((r) => r.chainId === chainId && Buffer.from(r.hash).equals(Buffer.from(hash)));
    return row && { id: row.id, seq: row.seq };
  }
  async checkpoints(chainId: string) {
    return this.signed.filter((c) => c.chainId === chainId);
  }
}

const signer = FileSigner.generate('ES256');
let log: MemoryLog;
const verify = (chainId = 'a') => verifyChain({ reader: log, checkpointKey: signer, pageSize: 7 }, chainId);

async function checkpoint(chainId: string, seq: number, key = signer): Promise<void> {
  const row = log.row(chainId, seq);
  const jws = await signCheckpoint(key, { chainId, seq, head: Buffer.from(row.hash).toString('hex'), at: '2024-01-01T00:00:00.000Z' });
  log.signed.push({ id: String(log.signed.length + 1), chainId, seq, head: row.hash, jws, signedAt: new Date('2024-01-01T00:00:00Z') });
}

describe('audit chain verifier', () => {
  it('accepts intact chains, reading them page by page, and counts verified checkpoints', async () => {
    log = new MemoryLog();
    log.append('a', 30);
    log.append('b', 3);
    await checkpoint('a', 10);
    await checkpoint('a', 30);
    const result = await verifyAuditChains({ reader: log, checkpointKey: signer, pageSize: 7 });
    expect(result.ok).toBe(true);
    expect(result.chains.map((c) => [c.chainId, c.entries, c.checkpoints])).toEqual([
      ['a', 30, 2],
      ['b', 3, 0],
    ]);
    expect(result.chains[0]?.head).toBe(Buffer.from(log.row('a', 30).hash).toString('hex'));
    expect(log.pageReads).toBeGreaterThan(5);
  });

  describe('names the first problem', () => {
    const fresh = () => {
      log = new MemoryLog();
      log.append('a', 20);
    };

    it('an altered field', async () => {
      fresh();
      log.row('a', 12).result = 'invalid';
      log.row('a', 15).actor = 'user:mallory';
      expect((await verify()).firstProblem).toMatchObject({ id: log.row('a', 12).id, seq: 12, kind: 'altered' });
    });

    it('a removed entry (sequence gap)', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq !== 9);
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: 9, kind: 'removed' });
    });

    it('a removed entry hidden by renumbering the rest', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq !== 9).map((r) => (r.seq > 9 ? { ...r, seq: r.seq - 1 } : r));
      log.heads.set('a', { ...(log.heads.get('a') as ChainHead), seq: 19 });
      expect((await verify()).firstProblem).toMatchObject({ seq: 9, kind: 'removed' });
    });

    it('two entries swapped', async () => {
      fresh();
      const five = log.row('a', 5);
      const six = log.row('a', 6);
      five.seq = 6;
      six.seq = 5;
      expect((await verify()).firstProblem).toMatchObject({ id: six.id, seq: 5, kind: 'reordered' });
    });

    it('an entry altered and re-hashed: the next still chains to the original', async () => {
      fresh();
      const row = log.row('a', 7);
      row.result = 'invalid';
      row.hash = chainHash(row.prevHash, row);
      expect((await verify()).firstProblem).toMatchObject({ id: row.id, seq: 7, kind: 'altered' });
    });

    it('entries cut off the end, with or without the head record', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq <= 17);
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: 18, kind: 'removed' });
      log.heads.set('a', { chainId: 'a', seq: 17, head: log.row('a', 17).hash });
      expect((await verify()).firstProblem).toBeUndefined();
      await checkpoint('a', 17);
      log.rows = log.rows.filter((r) => r.seq <= 15);
      log.heads.set('a', { chainId: 'a', seq: 15, head: log.row('a', 15).hash });
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: 16, kind: 'removed' });
    });

    it('a whole tail rewritten consistently no longer meets its signed checkpoint', async () => {
      fresh();
      await checkpoint('a', 20);
      let prev = log.row('a', 9).hash;
      for (let seq = 10; seq <= 20; seq++) {
        const row = log.row('a', seq);
        row.actor = 'user:mallory';
        row.prevHash = prev;
        row.hash = chainHash(prev, row);
        prev = row.hash;
      }
      log.heads.set('a', { chainId: 'a', seq: 20, head: prev });
      expect((await verify()).firstProblem).toMatchObject({ seq: 20, kind: 'altered' });
      expect((await verify()).firstProblem?.detail).toMatch(/checkpoint/);
    });

    it('a checkpoint signed by another key, or edited after signing', async () => {
      fresh();
      await checkpoint('a', 5, FileSigner.generate('ES256'));
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: 5, kind: 'altered' });
      log.signed = [];
      await checkpoint('a', 8);
      (log.signed[0] as AuditCheckpoint).head = log.row('a', 9).hash;
      expect((await verify()).firstProblem).toMatchObject({ seq: 8, kind: 'altered' });
    });

    it('a head record that no longer matches, or entries added beyond it', async () => {
      fresh();
      log.heads.set('a', { chainId: 'a', seq: 20, head: log.row('a', 19).hash });
      expect((await verify()).firstProblem).toMatchObject({ seq: 20, kind: 'altered' });
      log.heads.set('a', { chainId: 'a', seq: 18, head: log.row('a', 18).hash });
      expect((await verify()).firstProblem).toMatchObject({ seq: 19, kind: 'altered' });
      log.heads.delete('a');
      expect((await verify()).firstProblem).toMatchObject({ kind: 'removed' });
    });
  });

  it('follows entries appended while it reads instead of calling the chain truncated', async () => {
    log = new MemoryLog();
    log.append('a', 10);
    const reader = Object.create(log) as MemoryLog;
    let grown = false;
    reader.chainPage = async (chainId, afterSeq, limit) => {
      const page = await log.chainPage(chainId, afterSeq, limit);
      if (page.length === 0 && !grown) {
        grown = true;
        log.append('a', 5);
      }
      return page;
    };
    const report = await verifyChain({ reader, checkpointKey: signer, pageSize: 4 }, 'a');
    expect(report).toMatchObject({ entries: 15 });
    expect(report.firstProblem).toBeUndefined();
  });
});
