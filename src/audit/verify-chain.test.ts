import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { chainHash, GENESIS_HASH, toChainedFields } from '../core/audit/audit-hash.js';
import type { AuditCheckpoint, AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditReader } from '../core/ports/audit-reader.js';
import { FileSigner } from '../pki/keys/file-signer.js';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';
import { signChainState, signCheckpoint } from './checkpoint-jws.js';
import { verifyAuditChains, verifyChain } from './verify-chain.js';

/** Rows as a database would hold them, open to any tampering a test wants. */
class MemoryLog implements AuditReader {
  rows: AuditRecord[] = [];
  heads = new Map<string, ChainHead>();
  signed: AuditCheckpoint[] = [];
  pageReads = 0;

  append(chainId: string, count: number): void {
    const head = this.heads.get(chainId) ?? { chainId, seq: 0n, head: GENESIS_HASH };
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
        at: new Date(1_700_000_000_000 + Number(seq)),
        details: { n: Number(seq) },
      };
      const fields = toChainedFields(entry, chainId, seq);
      const hash = chainHash(prev, fields);
      this.rows.push({ ...fields, id: String(this.rows.length + 1), prevHash: prev, hash });
      prev = hash;
    }
    this.heads.set(chainId, { chainId, seq, head: prev });
  }

  row(chainId: string, seq: number): AuditRecord {
    return this.rows.find((r) => r.chainId === chainId && r.seq === BigInt(seq)) as AuditRecord;
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
  async chainPage(chainId: string, afterSeq: bigint, limit: number) {
    this.pageReads++;
    return this.rows
      .filter((r) => r.chainId === chainId && r.seq > afterSeq)
      .sort((a, b) => (a.seq < b.seq ? -1 : 1))
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

async function checkpoint(chainId: string, n: number, key = signer): Promise<void> {
  const row = log.row(chainId, n);
  const seq = BigInt(n);
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
      expect((await verify()).firstProblem).toMatchObject({ id: log.row('a', 12).id, seq: '12', kind: 'altered' });
    });

    it('a removed entry (sequence gap)', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq !== 9n);
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: '9', kind: 'removed' });
    });

    it('a removed entry hidden by renumbering the rest', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq !== 9n).map((r) => (r.seq > 9n ? { ...r, seq: r.seq - 1n } : r));
      log.heads.set('a', { ...(log.heads.get('a') as ChainHead), seq: 19n });
      expect((await verify()).firstProblem).toMatchObject({ seq: '9', kind: 'removed' });
    });

    it('two entries swapped', async () => {
      fresh();
      const five = log.row('a', 5);
      const six = log.row('a', 6);
      five.seq = 6n;
      six.seq = 5n;
      expect((await verify()).firstProblem).toMatchObject({ id: six.id, seq: '5', kind: 'reordered' });
    });

    it('an entry altered and re-hashed: the next still chains to the original', async () => {
      fresh();
      const row = log.row('a', 7);
      row.result = 'invalid';
      row.hash = chainHash(row.prevHash, row);
      expect((await verify()).firstProblem).toMatchObject({ id: row.id, seq: '7', kind: 'altered' });
    });

    it('entries cut off the end, with or without the head record', async () => {
      fresh();
      log.rows = log.rows.filter((r) => r.seq <= 17n);
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: '18', kind: 'removed' });
      log.heads.set('a', { chainId: 'a', seq: 17n, head: log.row('a', 17).hash });
      expect((await verify()).firstProblem).toBeUndefined();
      await checkpoint('a', 17);
      log.rows = log.rows.filter((r) => r.seq <= 15n);
      log.heads.set('a', { chainId: 'a', seq: 15n, head: log.row('a', 15).hash });
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: '16', kind: 'removed' });
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
      log.heads.set('a', { chainId: 'a', seq: 20n, head: prev });
      expect((await verify()).firstProblem).toMatchObject({ seq: '20', kind: 'altered' });
      expect((await verify()).firstProblem?.detail).toMatch(/checkpoint/);
    });

    it('a checkpoint signed by another key, or edited after signing', async () => {
      fresh();
      await checkpoint('a', 5, FileSigner.generate('ES256'));
      expect((await verify()).firstProblem).toMatchObject({ id: null, seq: '5', kind: 'altered' });
      log.signed = [];
      await checkpoint('a', 8);
      (log.signed[0] as AuditCheckpoint).head = log.row('a', 9).hash;
      expect((await verify()).firstProblem).toMatchObject({ seq: '8', kind: 'altered' });
    });

    it('a head record that no longer matches, or entries added beyond it', async () => {
      fresh();
      log.heads.set('a', { chainId: 'a', seq: 20n, head: log.row('a', 19).hash });
      expect((await verify()).firstProblem).toMatchObject({ seq: '20', kind: 'altered' });
      log.heads.set('a', { chainId: 'a', seq: 18n, head: log.row('a', 18).hash });
      expect((await verify()).firstProblem).toMatchObject({ seq: '19', kind: 'altered' });
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

  describe('against the external anchor', () => {
    const anchor = (lines: string[]): AuditAnchor => ({ description: 'memory', append: async () => {}, readAll: async () => lines });
    const at = '2024-01-01T00:00:00.000Z';
    const anchored = async (n: number) =>
      signCheckpoint(signer, { chainId: 'a', seq: BigInt(n), head: Buffer.from(log.row('a', n).hash).toString('hex'), at });
    const opened = () => signChainState(signer, { chainId: 'a', state: 'open', seq: 0n, at });
    const run = (lines: string[], more: object = {}) =>
      verifyAuditChains({ reader: log, checkpointKey: signer, pageSize: 7, anchor: anchor(lines), ...more });

    it('finds every checkpoint row deleted from the database, and a chain dropped whole', async () => {
      log = new MemoryLog();
      log.append('a', 20);
      await checkpoint('a', 10);
      await checkpoint('a', 20);
      const lines = [await opened(), await anchored(10), await anchored(20)];
      expect((await run(lines)).ok).toBe(true);
      log.signed = [];
      const report = await run(lines);
      expect(report.ok).toBe(false);
      expect(report.chains[0]?.firstProblem).toMatchObject({ seq: '10', kind: 'removed', detail: expect.stringMatching(/anchor/) });
      // Entries, head and checkpoints all gone: the anchor still knows the chain and what it held.
      log.rows = [];
      log.heads.clear();
      const gone = await run(lines);
      expect(gone.chains.map((c) => c.chainId)).toEqual(['a']);
      expect(gone.chains[0]?.firstProblem).toMatchObject({ kind: 'removed' });
    });

    it('finds a closed chain that was extended, and a chain made outside the hub', async () => {
      log = new MemoryLog();
      log.append('a', 12);
      const closed = await signChainState(signer, { chainId: 'a', state: 'closed', seq: 12n, at });
      const report = await run([await opened(), closed]);
      expect(report.ok).toBe(true);
      expect(report.chains[0]).toMatchObject({ state: 'closed', closedAt: '12' });
      log.append('a', 3);
      expect((await run([await opened(), closed])).chains[0]?.firstProblem).toMatchObject({ seq: '13', kind: 'altered' });
      log = new MemoryLog();
      log.append('a', 2);
      log.append('forged', 4);
      const forged = await run([await opened()]);
      expect(forged.ok).toBe(false);
      expect(forged.chains.find((c) => c.chainId === 'forged')).toMatchObject({ state: 'unregistered', firstProblem: { kind: 'altered' } });
    });

    it('flags an open chain without a recent checkpoint, and counts lines that do not verify', async () => {
      log = new MemoryLog();
      log.append('a', 3);
      await checkpoint('a', 3);
      const lines = [await opened(), await anchored(3)];
      const now = () => new Date(Date.parse(at) + 30 * 60_000);
      expect((await run(lines, { checkpointIntervalMs: 60 * 60_000, now })).chains[0]?.stale).toBeUndefined();
      const stale = await run(lines, { checkpointIntervalMs: 5 * 60_000, now });
      expect(stale.ok).toBe(true);
      expect(stale.chains[0]).toMatchObject({ state: 'open', stale: true, lastCheckpointAt: at });
      const [header, payload] = (await anchored(3)).split('.');
      const torn = await run([...lines, `${header}.${payload}.AAAA`, 'garbage']);
      expect(torn).toMatchObject({ ok: false, anchor: { statements: 4, unreadable: 2 } });
    });
  });

  it('ends on a reader that returns the same page again instead of walking it forever', async () => {
    log = new MemoryLog();
    log.append('a', 5);
    const reader = Object.create(log) as MemoryLog;
    reader.chainPage = async (chainId) => log.chainPage(chainId, 0n, 100);
    const report = await verifyChain({ reader, checkpointKey: signer }, 'a');
    expect(report.firstProblem).toMatchObject({ seq: '5', kind: 'altered' });
  });
});
