/**
 * @module cli/import-command
 * `zhengzhao import FILE --config connector.json …`: bulk import of a department's historical
 * licences through the connector SDK (connectors/import). The hub itself never imports the SDK;
 * this entry point is the one exception (the CLI knows every module). Ctrl-C stops reading, lets
 * rows in flight finish, and leaves a checkpoint for `--resume`; a second Ctrl-C exits at once, the
 * checkpoint still consistent. Exit 0 all accepted, 3 some rows rejected, 1 failed, 2 usage.
 */
import { parseArgs } from 'node:util';
import { ConnectorError } from '@zhengzhao/sdk';
import { ImportFailure, runImport, type FileEncoding, type FileFormat } from '@zhengzhao/import';
import { UsageError, type Command } from './command.js';

const ENCODINGS = ['utf8', 'gbk'] as const;

export const importCommand: Command = {
  name: ['import'],
  summary: 'validate, seal and publish a CSV or JSON Lines file of licences (checkpointed, --resume)',
  usage:
    'zhengzhao import FILE --config connector.json [--type CODE] [--mapping MAP.json] [--via http|kafka] [--resume] ' +
    '[--encoding utf8|gbk] [--format csv|jsonl] [--concurrency N] [--max-line-bytes N]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        type: { type: 'string' },
        mapping: { type: 'string' },
        via: { type: 'string', default: 'http' },
        resume: { type: 'boolean', default: false },
        encoding: { type: 'string', default: 'utf8' },
        format: { type: 'string' },
        concurrency: { type: 'string' },
        'max-line-bytes': { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    if (!values.config) throw new UsageError('--config connector.json is required');
    if (values.via !== 'http' && values.via !== 'kafka') throw new UsageError('--via must be http or kafka');
    const encoding = values.encoding === 'utf-8' ? 'utf8' : values.encoding;
    if (!ENCODINGS.includes(encoding as FileEncoding)) throw new UsageError('--encoding must be utf8 or gbk');
    if (values.format !== undefined && values.format !== 'csv' && values.format !== 'jsonl')
      throw new UsageError('--format must be csv or jsonl');
    const concurrency = positiveInteger(values.concurrency, '--concurrency');
    const maxLineBytes = positiveInteger(values['max-line-bytes'], '--max-line-bytes');

    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) process.exit(1);
      io.err('正在停止：等待已发送的行完成并保存检查点（再按一次 Ctrl-C 立即退出）…');
      controller.abort();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    try {
      const result = await runImport(
        {
          file: positionals[0] as string,
          config: values.config,
          via: values.via,
          resume: values.resume,
          encoding: encoding as FileEncoding,
          signal: controller.signal,
          ...(values.type ? { typeCode: values.type } : {}),
          ...(values.mapping ? { mapping: values.mapping } : {}),
          ...(values.format ? { format: values.format as FileFormat } : {}),
          ...(concurrency ? { concurrency } : {}),
          ...(maxLineBytes ? { maxLineBytes } : {}),
        },
        { ...io, tty: Boolean(process.stderr.isTTY) },
      );
      return result.exitCode;
    } catch (error) {
      if (!(error instanceof ImportFailure || error instanceof ConnectorError)) throw error;
      io.err(`zhengzhao import: ${error.message}`);
      return 1;
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
  },
};

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} must be a positive integer`);
  return Number(value);
}
