/**
 * @module summary
 * The lines an import ends with: what was read, stored, found already present and rejected, the
 * status changes, the time and rate, where the rejects are, and why it stopped if it did.
 */
import type { ImportCounts } from './checkpoint.js';
import type { RejectEntry } from './rejects-file.js';

export interface SummaryInput {
  file: string;
  counts: ImportCounts;
  rejectsFile: string;
  shown: readonly RejectEntry[];
  elapsedMs: number;
  exitCode: number;
  failure?: string;
}

export function formatSummary(input: SummaryInput): string[] {
  const { counts } = input;
  const seconds = input.elapsedMs / 1000;
  const lines = [
    `导入 ${input.file}：共 ${counts.rows} 行，新接收 ${counts.accepted}，已存在 ${counts.existing}，拒绝 ${counts.rejected}` +
      `；状态变更 新施加 ${counts.statusApplied}、此前已施加 ${counts.statusExisting}；用时 ${seconds.toFixed(1)} 秒`,
  ];
  if (counts.rejected > 0) {
    lines.push(`被拒绝的行见 ${input.rejectsFile}：`);
    for (const entry of input.shown)
      lines.push(`  第 ${entry.line} 行 ${entry.code}${entry.column ? ` 列“${entry.column}”` : ''} ${entry.detail}`);
    if (counts.rejected > input.shown.length) lines.push(`  …… 另有 ${counts.rejected - input.shown.length} 行`);
  }
  if (input.failure) lines.push(`导入未完成：${input.failure}`);
  lines.push(
    `imported ${counts.accepted}, already present ${counts.existing}, rejected ${counts.rejected} of ${counts.rows} rows; status changes applied ${counts.statusApplied}, already in effect ${counts.statusExisting}; exit ${input.exitCode}`,
  );
  return lines;
}
