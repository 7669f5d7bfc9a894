/**
 * A department's legacy food-licence table in a real PostgreSQL or MariaDB database (a fresh database
 * per test file), the mapping file a department would write for it, and what a clerk sees at the hub.
 * Columns are named the way such systems name them (pinyin-free English here for readability), with
 * the status kept in Chinese as the department's system stores it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { inject } from 'vitest';
import {
  createLegacyDbConnector,
  loadSourceConfig,
  type LegacyDbConnector,
  type LicensePublisher,
  type SourceConfig,
} from '@zhengzhao/legacy-db';
import { createHubClient, loadConnectorConfig, type HubClient } from '@zhengzhao/sdk';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { createKafkaProbe } from '../support/kafka-probe.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };

/** MAP.json for the table below, for the food licences of `issuer`. */
export const foodMapping = (issuer: { uscc: string; name: string }) => ({
  typeCode: FOOD_LICENSE,
  fields: {
    '/name': { const: '食品经营许可证' },
    '/number': 'licence_no',
    '/holder/name': 'holder_name',
    '/holder/idType': { const: 'USCC' },
    '/holder/id': 'holder_uscc',
    '/issuer/uscc': { const: issuer.uscc },
    '/issuer/name': { const: issuer.name },
    '/issuedAt': { column: 'issue_date', as: 'date' },
    '/validFrom': { column: 'valid_from', as: 'date' },
    '/validUntil': { column: 'valid_until', as: 'date' },
    '/data/legalRepresentative': 'legal_rep',
    '/data/domicile': 'domicile',
    '/data/premises': 'premises',
    '/data/businessForm': 'business_form',
    '/data/businessItems': { column: 'business_items', as: 'list', separator: '；' },
    '/data/supervisoryAgency': 'supervisory_agency',
  },
  status: {
    column: 'status',
    reason: 'status_reason',
    values: {
      正常: 'valid',
      暂停: { status: 'suspended', reason: '停业整顿' },
      吊销: { status: 'revoked', nationalStatusCode: '07' },
      撤销: { status: 'revoked', nationalStatusCode: '03' },
      注销: { status: 'cancelled' },
    },
  },
});

export const FOOD_MAPPING = foodMapping(SAMR);

const COLUMNS = `
  licence_no varchar(30) not null,
  holder_name varchar(100) not null,
  holder_uscc char(18) not null,
  legal_rep varchar(50) not null,
  domicile varchar(200) not null,
  premises varchar(200) not null,
  business_form varchar(20) not null,
  business_items varchar(500) not null,
  supervisory_agency varchar(100) not null,
  issue_date date not null,
  valid_from date not null,
  valid_until date not null,
  status varchar(10) not null default '正常',
  status_reason varchar(200) null`;

export const POSTGRES_TABLE = (name: string) => `create table ${name} (id serial primary key, ${COLUMNS})`;
/** updated_at to the microsecond, set by the server on every write: the cursor the connector polls. */
export const MARIADB_TABLE = (name: string) =>
  `create table ${name} (id int auto_increment primary key, ${COLUMNS},
    updated_at timestamp(6) not null default current_timestamp(6) on update current_timestamp(6)) engine = InnoDB default charset = utf8mb4`;

export interface LegacyHub {
  fixture: HubFixture;
  /** The market-regulation bureau's SDK client, from the connector.json its onboarding produced. */
  hub: HubClient;
  /** A clerk of the bureau, for verifications. */
  clerk: string;
  /** A prepared connector for this source.json (publishing through `hub` unless told otherwise), closed by stop(). */
  connect(source: Record<string, unknown>, publisher?: LicensePublisher): Promise<LegacyDbConnector>;
  stop(): Promise<void>;
}

/**
 * A hub on a fresh database with the bureau onboarded for food licences; with `via: 'kafka'` the hub
 * consumes the real broker (topics of its own) and the bureau publishes licences over it.
 */
export async function startLegacyHub(options: { via?: 'http' | 'kafka' } = {}): Promise<LegacyHub> {
  const probe = options.via === 'kafka' ? await createKafkaProbe([]) : undefined;
  const kafkaEnv: Record<string, string> = probe
    ? { KAFKA_BROKERS: probe.brokers, KAFKA_TOPIC_PREFIX: probe.prefix, KAFKA_GROUP_ID: `${probe.prefix}hub` }
    : {};
  const fixture = await startHubFixture(kafkaEnv);
  if (probe) await waitUntilReady(fixture.hub.url);
  const samr = await onboardDepartment(fixture, {
    ...SAMR,
    licenseTypes: [FOOD_LICENSE],
    ...(probe ? { kafka: { brokers: [probe.brokers], topicPrefix: probe.prefix } } : {}),
  });
  const hub = createHubClient(loadConnectorConfig(samr.config), { via: options.via ?? 'http' });
  const clerk = await fixture.mintToken('clerk', SAMR.uscc);
  const connectors: LegacyDbConnector[] = [];
  return {
    fixture,
    hub,
    clerk,
    async connect(source, publisher = hub) {
      const connector = createLegacyDbConnector({ source: await writeSource(source), hub: publisher });
      connectors.push(connector);
      await connector.prepare();
      return connector;
    },
    async stop() {
      for (const connector of connectors) await connector.close();
      await hub.close();
      await probe?.close();
      await fixture.stop();
    },
  };
}

/** Runs the connector's loop while `body` makes changes and waits for them, then stops and closes it. */
export async function whileRunning(connector: LegacyDbConnector, body: () => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const loop = connector.run(stop.signal);
  try {
    await body();
  } finally {
    stop.abort();
    await loop;
    await connector.close();
  }
}

export interface FoodRow {
  licence_no: string;
  holder_name: string;
  status?: string;
  status_reason?: string;
}

/** The food licence example's dates, moved so that it is valid whenever the suite runs. */
const FOOD_DATES = examplePayload(FOOD_LICENSE, SAMR) as { issuedAt: string; validFrom: string; validUntil: string };

/** A full row: the department's fields around the few a test cares about. */
export function foodRow(row: FoodRow): Record<string, string> {
  return {
    holder_uscc: '92431322MA4L0ABC15',
    legal_rep: '曾凡伟',
    domicile: '湖南省娄底市新化县上梅街道北塔路56号',
    premises: '湖南省娄底市新化县上梅街道北塔路56号一楼',
    business_form: '餐饮服务经营者',
    business_items: '热食类食品制售；冷食类食品制售',
    supervisory_agency: '新化县市场监督管理局上梅市场监督管理所',
    issue_date: FOOD_DATES.issuedAt,
    valid_from: FOOD_DATES.validFrom,
    valid_until: FOOD_DATES.validUntil,
    status: '正常',
    ...row,
  } as Record<string, string>;
}

/** source.json and MAP.json written to a temp dir, loaded the way the command loads them. */
export async function writeSource(source: Record<string, unknown>, mapping: unknown = FOOD_MAPPING): Promise<SourceConfig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-legacy-'));
  writeFileSync(path.join(dir, 'MAP.json'), JSON.stringify(mapping));
  writeFileSync(path.join(dir, 'source.json'), JSON.stringify({ mapping: 'MAP.json', ...source }));
  return loadSourceConfig(path.join(dir, 'source.json'));
}

export interface DepartmentMariadb {
  url: string;
  connection: Connection;
  drop(): Promise<void>;
}

/** A fresh database in the shared MariaDB server. */
export async function createDepartmentMariadb(): Promise<DepartmentMariadb> {
  const server = inject('mariadbUrl');
  const name = `zz_dept_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: server });
  await admin.query(`create database ${name} character set utf8mb4`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const connection = await createConnection({ uri: url.toString(), dateStrings: true, charset: 'utf8mb4' });
  return {
    url: url.toString(),
    connection,
    async drop() {
      await connection.query(`drop database ${name}`);
      await connection.end();
    },
  };
}

export function createDepartmentPostgres(): Promise<TestDatabase> {
  return createTestDatabase();
}

export interface HubLicence {
  id: string;
  idVersion: number;
  status: string;
  revision: number;
  replaces: string | null;
  holderName: string;
}

/** Every version of a licence number in the hub's store, oldest first. */
export async function versionsAtHub(fixture: HubFixture, number: string): Promise<HubLicence[]> {
  return fixture.db.sql<HubLicence[]>`
    select id, id_version as "idVersion", status, revision, replaces, holder_name as "holderName"
    from licenses where number = ${number} order by id_version`;
}

/** The statuses of every version of a licence number, oldest first. */
export async function statusesAtHub(fixture: HubFixture, number: string): Promise<string[]> {
  return (await versionsAtHub(fixture, number)).map((v) => v.status);
}

/** How many times the hub recorded each lifecycle step of a licence number (a double would show as 2). */
export async function historyAtHub(fixture: HubFixture, number: string): Promise<string[]> {
  const rows = await fixture.db.sql<{ step: string }[]>`
    select l.id_version || ':' || h.status as step from license_history h join licenses l on l.id = h.license_id
    where l.number = ${number} order by l.id_version, h.revision`;
  return rows.map((r) => r.step);
}

/** What a clerk's verification by number and type answers for the current version. */
export async function clerkVerifies(fixture: HubFixture, clerkToken: string, number: string): Promise<{ result: string; status: string }> {
  const response = await fetch(`${fixture.hub.url}/v1/verifications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ number, typeCode: FOOD_LICENSE, purpose: { caseNo: `XH-LEGACY-${number}` } }),
  });
  if (response.status !== 200) throw new Error(`verification of ${number}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { result: string; status: string };
}
