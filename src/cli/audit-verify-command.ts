/**
 * @module cli/audit-verify-command
 * `zhengzhao audit verify [--url URL]`: asks a running hub to recompute every audit chain (with an
 * auditor's `ZZ_TOKEN`) and prints one line per chain (its state in the signed register, stale when
 * an open chain has no recent checkpoint), naming the first problem of a broken one.
 * Exit 0 when every chain is intact, 1 when one is not (or the hub refused).
 */
import { parseArgs } from 'node:util';
import type { AuditVerification, ChainReport } from '../core/audit/audit-verification.js';
import type { Command } from './command.js';
import { callHub, DEFAULT_HUB_URL } from './hub-client.js';

export const auditVerifyCommand: Command = {
  name: ['audit', 'verify'],
  summary: 'recompute the audit chains of a running hub; exit 1 naming the first altered, removed or reordered entry',
  usage: 'zhengzhao audit verify [--url URL]   (ZZ_TOKEN: an auditor token)',
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { url: { type: 'string', default: DEFAULT_HUB_URL } }, strict: true });
    const result = (await callHub(values.url as string, 'GET', '/v1/audit/verify')) as AuditVerification;
    for (const chain of result.chains) io.out(describe(chain));
    const { anchor } = result;
    if (anchor) io.out(`anchor ${anchor.description}  ${anchor.statements} statement(s)  ${anchor.unreadable} unreadable`);
    const broken = result.chains.filter((c) => c.firstProblem).length;
    const stale = result.chains.filter((c) => c.stale).length;
    io.err(
      (result.ok
        ? `audit log intact: ${result.chains.length} chain(s)`
        : `audit log NOT intact: ${broken} of ${result.chains.length} chain(s) broken${anchor?.unreadable ? `, ${anchor.unreadable} anchor line(s) unreadable` : ''}`) +
        (stale > 0 ? `; ${stale} open chain(s) STALE (no recent checkpoint: a hub stopped without closing them, or was silenced)` : ''),
    );
    return result.ok ? 0 : 1;
  },
};

function describe(chain: ChainReport): string {
  const state = chain.state === 'closed' ? `closed at ${chain.closedAt}` : chain.state;
  const summary = `${chain.chainId}  ${chain.entries} entries  ${chain.checkpoints} checkpoint(s)  ${state}${chain.stale ? ' STALE' : ''}`;
  const problem = chain.firstProblem;
  if (!problem) return `${summary}  ok`;
  return `${summary}  ${problem.kind.toUpperCase()} at seq ${problem.seq}${problem.id ? ` (id ${problem.id})` : ''}: ${problem.detail}`;
}
