/**
 * @module audit/anchored-statements
 * Reads the external audit anchor back into what the verifier compares the database with: per chain
 * the checkpoints published (seq → head), its state in the register (the last of open/closed; closed
 * is final) and when it was last vouched for. Lines that do not verify under the checkpoint key are
 * counted, never trusted: a torn write or a forgery shows as `unreadable`.
 */
import type { AnchorReport } from '../core/audit/audit-verification.js';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';
import { verifyAuditStatement, type CheckpointKey } from './checkpoint-jws.js';

export interface AnchoredChain {
  checkpoints: Map<bigint, { head: string; at: Date }>;
  state?: { state: 'open' | 'closed'; seq: bigint };
  lastAt?: Date;
}

export async function readAnchor(
  anchor: AuditAnchor,
  key: CheckpointKey,
): Promise<{ report: AnchorReport; chains: Map<string, AnchoredChain> }> {
  const lines = await anchor.readAll();
  const chains = new Map<string, AnchoredChain>();
  let unreadable = 0;
  for (const line of lines) {
    const verified = verifyAuditStatement(key, line);
    const at = verified.ok ? new Date(verified.claims.at) : undefined;
    if (!verified.ok || !at || Number.isNaN(at.getTime())) {
      unreadable++;
      continue;
    }
    const statement = verified.claims;
    let chain = chains.get(statement.chainId);
    if (!chain) chains.set(statement.chainId, (chain = { checkpoints: new Map() }));
    if (!chain.lastAt || at > chain.lastAt) chain.lastAt = at;
    if (statement.kind === 'checkpoint') {
      if (!chain.checkpoints.has(statement.seq)) chain.checkpoints.set(statement.seq, { head: statement.head, at });
    } else if (chain.state?.state !== 'closed') {
      chain.state = { state: statement.state, seq: statement.seq };
    }
  }
  return { report: { description: anchor.description, statements: lines.length, unreadable }, chains };
}
