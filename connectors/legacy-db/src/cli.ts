#!/usr/bin/env node
/**
 * @module legacy-db/cli
 * `zhengzhao-legacy-db --config connector.json --source source.json [--via http|kafka] [--once]`:
 * loads both files (every problem named at once), prepares the capture, then publishes changed rows
 * until SIGINT/SIGTERM, or once and exits with `--once`. Logs are JSON lines on stderr carrying row
 * keys and counts, never row contents. Exit codes: 0 done, 1 failure, 2 usage or configuration.
 */
import { parseArgs } from 'node:util';
import { ConnectorConfigError, createHubClient, loadConnectorConfig } from '@zhengzhao/sdk';
import { createLegacyDbConnector } from './legacy-db-connector.js';
import { loadSourceConfig } from './source-config.js';

const USAGE = `zhengzhao-legacy-db — 把部门业务库中新增和变更的记录发布为电子证照 (legacy-database connector)

usage: zhengzhao-legacy-db --config connector.json --source source.json [--via http|kafka] [--once]

  --config FILE   connector.json of the department (hub, keys and certificates; see connectors/sdk)
  --source FILE   source.json: database, table, capture mode and the column mapping file
  --via T         publish licences over http (default) or kafka (needs "kafka" in connector.json)
  --once          publish what has changed so far, then exit
  --help          this text`;

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        source: { type: 'string' },
        via: { type: 'string', default: 'http' },
        once: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.config || !args.source) return usage('--config and --source are required');
  if (args.via !== 'http' && args.via !== 'kafka') return usage('--via is http or kafka');

  let hub, source;
  try {
    source = await loadSourceConfig(args.source);
    hub = createHubClient(loadConnectorConfig(args.config), { via: args.via });
  } catch (error) {
    if (error instanceof TypeError || error instanceof ConnectorConfigError) return usage(error.message);
    throw error;
  }
  const connector = createLegacyDbConnector({ source, hub, log });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await connector.prepare();
    log('capture prepared', { source: source.name, table: source.table, kind: source.database.kind });
    if (args.once) log('rows handled', await connector.drain());
    else await connector.run(stop.signal);
    return 0;
  } catch (error) {
    log('failed', { error: error instanceof Error ? error.message : String(error) });
    return error instanceof TypeError ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await connector.close();
    await hub.close();
  }
}

function log(event: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

function usage(problem: string): number {
  process.stderr.write(`zhengzhao-legacy-db: ${problem}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    log('failed', { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
