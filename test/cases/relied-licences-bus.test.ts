/**
 * Relied-on licences over the in-process bus and a real PostgreSQL: a licence event on
 * `licenses.events` about a licence an open case relied on becomes one `cases.events` message for
 * the case's department, through the outbox; a redelivered event and a reinstatement add nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReliedLicenceHandler } from '../../src/core/cases/relied-licences.js';
import { deriveLicenseIdentifier } from '../../src/core/identifiers/license-identifier.js';
import type { InboundMessage } from '../../src/core/ports/message-bus.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { hubTopics, Topics } from '../../src/core/topics.js';
import { createSchemaRegistry } from '../../src/contracts/schema-registry.js';
import { createInMemoryBus } from '../../src/kafka/in-memory-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { migrate } from '../../src/postgres/migrate.js';
import { createOutboxRelay } from '../../src/postgres/outbox-relay.js';
import { auditAppender, openAuditChain } from '../../src/postgres/postgres-audit-log.js';
import { PostgresCaseRepository } from '../../src/postgres/postgres-case-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';

const ISSUER = { uscc: '11431322MB1E48273Y', name: '新化县行政审批服务局' };
const TYPE = '11100000000013338W001';
const LICENCE = deriveLicenseIdentifier({ typeCode: TYPE, issuerUscc: ISSUER.uscc, number: '91431322MA4P8K2L3A', version: 1 });

describe('relied-on licences → cases.events on the in-process bus', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
    await openAuditChain(db.sql, 'test/tx');
  });
  afterAll(async () => db.drop());

  it('tells the department once per licence event, and not for a reinstatement', async () => {
    const cases = new PostgresCaseRepository(db.sql, auditAppender('test/tx'));
    const opened = await cases.insert(
      {
        caseNo: 'XH-BUS-0001',
        itemCode: 'XH-SC-0001',
        itemVersion: 1,
        itemName: '食品经营许可（新办）',
        department: ISSUER.uscc,
        applicant: { idType: 'USCC', id: '91431322MA4P8K2L3A', name: '新化县紫鹊界农业开发有限公司' },
        applicantKey: 'a'.repeat(64),
        channel: 'online',
        responsible: { name: '李娟' },
        state: 'open',
        openedOn: '2026-12-07',
        limitDays: 5,
        checklist: [],
        openedBy: 'test',
      },
      [],
      [],
    );
    expect(opened).toBe(true);
    await cases.saveCheck(
      'XH-BUS-0001',
      { checklist: [], packageJws: 'x.y.z', packageDigest: 'd'.repeat(64), reliances: [{ licenseId: LICENCE, material: 'M1' }] },
      [],
    );

    const bus = createInMemoryBus({ deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics(hubTopics);
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 10 });
    relay.start();
    const received: InboundMessage[] = [];
    await bus.subscribe({ topic: Topics.caseEvents, groupId: 'department', handleBatch: async (batch) => void received.push(...batch) });
    await bus.subscribe({
      topic: Topics.licenseEvents,
      groupId: 'hub.cases',
      handleBatch: createReliedLicenceHandler({ cases, contracts: createSchemaRegistry(), notified: () => relay.wake() }),
    });

    const event = (eventId: string, status: string, previousStatus: string) => ({
      key: LICENCE,
      value: JSON.stringify({
        eventId,
        type: 'license.status-changed',
        licenseId: LICENCE,
        version: 2,
        status,
        previousStatus,
        occurredAt: '2026-12-07T10:00:00+08:00',
        issuer: ISSUER,
        typeCode: TYPE,
      }),
    });
    const suspended = event('6f1d1b9e-8c4a-4f3e-b7a2-5d0c9e8f1a31', 'suspended', 'valid');
    await bus.publish(Topics.licenseEvents, [suspended, suspended, event('6f1d1b9e-8c4a-4f3e-b7a2-5d0c9e8f1a32', 'valid', 'suspended')]);
    await bus.publish(Topics.licenseEvents, [event('6f1d1b9e-8c4a-4f3e-b7a2-5d0c9e8f1a33', 'revoked', 'valid')]);
    await until('two cases.events messages', () => received.length >= 2, 60_000);
    await relay.stop(1_000);
    await bus.close();

    expect(received.map((m) => [m.key, m.headers['event-type'], m.headers.department])).toEqual([
      ['XH-BUS-0001', 'case.relied-license-changed', ISSUER.uscc],
      ['XH-BUS-0001', 'case.relied-license-changed', ISSUER.uscc],
    ]);
    const bodies = received.map((m) => JSON.parse(m.value.toString('utf8')) as Record<string, unknown>);
    expect(bodies.map((b) => b.status)).toEqual(['suspended', 'revoked']);
    expect(bodies[1]).toMatchObject({ caseNo: 'XH-BUS-0001', itemCode: 'XH-SC-0001', material: 'M1', licenseId: LICENCE });
    expect(JSON.stringify(bodies)).not.toContain('紫鹊界');
    expect((await cases.find('XH-BUS-0001'))?.notices).toHaveLength(2);
  });
});
