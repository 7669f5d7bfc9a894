/**
 * @module connector-config
 * `connector.json`: where the hub is, which department this system acts for, and the two key
 * pairs the security admin certified — the system certificate (access tokens, RFC 7523) and the
 * seal certificate (sealing licences). Validated against `connector.schema.json` and then against
 * the PEM files it names; every problem is reported at once with its JSON pointer, so a new
 * department fixes its config in one round rather than one error at a time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAjv, toProblems } from './ajv.js';
import { ConnectorConfigError, type FieldProblem } from './errors.js';
import { readKeyMaterial, type KeyMaterial, type KeyPaths } from './key-material.js';

export const DEFAULT_TOPIC_PREFIX = 'zz.';

/** connector.json as written (PEM paths relative to the file). */
export interface ConnectorConfigFile {
  hub: string;
  department: string;
  system: KeyPaths;
  seal: KeyPaths;
  kafka?: { brokers: string[]; topicPrefix?: string; clientId?: string };
}

/** The config with its keys loaded and checked. */
export interface ConnectorConfig {
  /** Where it was read from (for messages); `<inline>` when built in code. */
  file: string;
  /** Base URL without a trailing slash. */
  hub: string;
  department: string;
  system: KeyMaterial;
  seal: KeyMaterial;
  kafka?: { brokers: string[]; topicPrefix: string; clientId: string };
}

const schema = JSON.parse(readFileSync(new URL('../connector.schema.json', import.meta.url), 'utf8')) as object;
const validate = createAjv().compile(schema);

export function loadConnectorConfig(file: string, options: { now?: Date } = {}): ConnectorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConnectorConfigError(file, [{ pointer: '', detail: `无法读取或不是 JSON (${reason})` }]);
  }
  return parseConnectorConfig(raw, { file, baseDir: path.dirname(path.resolve(file)), now: options.now });
}

export function parseConnectorConfig(raw: unknown, options: { file?: string; baseDir?: string; now?: Date } = {}): ConnectorConfig {
  const file = options.file ?? '<inline>';
  const problems: FieldProblem[] = validate(raw) ? [] : toProblems(validate.errors);
  const config = raw as ConnectorConfigFile;
  const resolve = (p: string) => path.resolve(options.baseDir ?? process.cwd(), p);
  const now = options.now ?? new Date();
  // Key pairs are checked even when other members are wrong, so one round names every problem.
  const pair = (pointer: '/system' | '/seal', paths: Partial<KeyPaths> | undefined) =>
    typeof paths?.key === 'string' && typeof paths.cert === 'string'
      ? readKeyMaterial({ key: resolve(paths.key), cert: resolve(paths.cert) }, pointer, problems, now)
      : undefined;
  const isObject = raw !== null && typeof raw === 'object';
  const system = isObject ? pair('/system', config.system) : undefined;
  const seal = isObject ? pair('/seal', config.seal) : undefined;
  for (const [pointer, material] of [
    ['/system', system],
    ['/seal', seal],
  ] as const) {
    const holder = material && departmentOf(material);
    if (holder !== undefined && typeof config.department === 'string' && holder !== config.department) {
      problems.push({ pointer: `${pointer}/cert`, detail: `证书属于部门 ${holder}，与 department ${config.department} 不符` });
    }
  }
  if (problems.length > 0 || !system || !seal) throw new ConnectorConfigError(file, problems);
  return {
    file,
    hub: config.hub.replace(/\/+$/, ''),
    department: config.department,
    system,
    seal,
    ...(config.kafka
      ? {
          kafka: {
            brokers: config.kafka.brokers,
            topicPrefix: config.kafka.topicPrefix ?? DEFAULT_TOPIC_PREFIX,
            clientId: config.kafka.clientId ?? `zz-connector-${config.department}`,
          },
        }
      : {}),
  };
}

/** The credit code the hub writes into subjects as organizationIdentifier (2.5.4.97). */
function departmentOf(material: KeyMaterial): string | undefined {
  const subject = material.chain[0]?.subject ?? '';
  return /(?:^|\n)(?:organizationIdentifier|2\.5\.4\.97)=([0-9A-Z]{18})/.exec(subject)?.[1];
}
