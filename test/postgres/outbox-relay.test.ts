import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { migrate } from '../../src/postgres/migrate.js';
import { readOutboxLag, writeOutbox } from '../../src/postgres/outbox.js';
import { createOutboxRelay } from '../../src/postgres/outbox-relay.js';
import type { OutgoingMessage } from '../../src/core/ports/message-bus.js';
import { createRecordingBus, type RecordingBus } from '../support/recording-bus.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';

const ids = (bus: RecordingBus) => bus.published.map((p) => String(p.message.headers?.['event-id']));

/** Bound of every wait below: ample on a loaded machine, where a relay round can take seconds. */
const WAIT_MS = 60_000;

const onTopic = (topic: string, messages: readonly OutgoingMessage[]) => messages.map((message) => ({ topic, message }));

describe('outbox relay on real PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
  });
  afterAll(async () => db.drop());
  beforeEach(async () => {
    await db.sql`delete from outbox`;
  });

  it('publishes committed rows in id order, keeps key/headers/bytes, and empties the outbox', async () => {
    const bus = createRecordingBus();
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 10 });
    await db.sql.begin(async (tx) => {
      await writeOutbox(
        tx,
        onTopic('licenses.events', [
          { key: 'L1', value: '{"n":1}', headers: { 'event-id': 'e1' } },
          { key: 'L1', value: new Uint8Array([0, 255, 7]), headers: { 'event-id': 'e2' } },
        ]),
      );
      await writeOutbox(tx, onTopic('licenses.results', [{ key: null, value: 'r', headers: { 'event-id': 'e3' } }]));
    });
    expect(await relay.drain()).toBe(3);
    expect(ids(bus)).toEqual(['e1', 'e2', 'e3']);
    expect(bus.published[1]).toMatchObject({ topic: 'licenses.events', message: { key: 'L1' } });
    expect([...(bus.published[1]?.message.value as Uint8Array)]).toEqual([0, 255, 7]);
    expect(bus.published[2]?.topic).toBe('licenses.results');
    expect(await readOutboxLag(db.sql)).toEqual({ pending: 0, oldestSeconds: 0, parked: 0 });
  });

  it('parks a row the broker refuses for good and publishes the rows after it, in order', async () => {
    const bus = createRecordingBus();
    bus.refuseWhen((m) => m.headers?.['event-id'] === 'huge');
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 10 });
    await writeOutbox(
      db.sql,
      onTopic(
        'licenses.events',
        ['a', 'huge', 'b'].map((id) => ({ key: 'L1', value: id, headers: { 'event-id': id } })),
      ),
    );
    await writeOutbox(db.sql, onTopic('licenses.results', [{ key: null, value: 'r', headers: { 'event-id': 'c' } }]));
    expect(await relay.drain()).toBe(4);
    expect(ids(bus)).toEqual(['a', 'b', 'c']);
    const [parked] = await db.sql<{ reason: string }[]>`select parked_reason as reason from outbox where parked_at is not null`;
    expect(parked?.reason).toContain('MESSAGE_TOO_LARGE');
    expect(await readOutboxLag(db.sql)).toEqual({ pending: 0, oldestSeconds: 0, parked: 1 });
    // Parked stays parked: later rounds neither retry it nor stop on it.
    await writeOutbox(db.sql, onTopic('licenses.events', [{ key: 'L1', value: 'd', headers: { 'event-id': 'd' } }]));
    expect(await relay.drain()).toBe(1);
    expect(ids(bus)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('publishes a row and its companion, each topic in row order, and deletes the row once', async () => {
    const bus = createRecordingBus();
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger });
    const event = (n: number) => ({ key: `L${n}`, value: `{"e":${n}}`, headers: { 'event-id': `e${n}` } });
    const answer = (n: number) => ({
      topic: 'licenses.results',
      message: { key: 'U', value: `{"r":${n}}`, headers: { 'event-id': `r${n}` } },
    });
    await writeOutbox(db.sql, [
      { topic: 'licenses.events', message: event(1), also: answer(1) },
      answer(2),
      { topic: 'licenses.events', message: event(3), also: answer(3) },
    ]);
    const [stored] = await db.sql<{ n: number; companions: number }[]>`
      select count(*)::int as n, count(also_topic)::int as companions from outbox`;
    expect(stored).toEqual({ n: 3, companions: 2 });
    expect(await relay.drain()).toBe(3);
    const on = (topic: string) => bus.published.filter((p) => p.topic === topic).map((p) => String(p.message.headers?.['event-id']));
    expect(on('licenses.events')).toEqual(['e1', 'e3']);
    expect(on('licenses.results')).toEqual(['r1', 'r2', 'r3']);
    const r3 = bus.published.find((p) => p.message.headers?.['event-id'] === 'r3');
    expect(r3?.message.key).toBe('U');
    expect(Buffer.from(r3?.message.value as Uint8Array).toString('utf8')).toBe('{"r":3}');
    expect(await readOutboxLag(db.sql)).toEqual({ pending: 0, oldestSeconds: 0, parked: 0 });
  });

  it('parks a row whose companion the broker refuses for good, and publishes the rest in order', async () => {
    const bus = createRecordingBus();
    bus.refuseWhen((m) => m.headers?.['event-id'] === 'r-huge');
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger });
    const message = (id: string) => ({ key: 'K', value: id, headers: { 'event-id': id } });
    await writeOutbox(db.sql, [
      { topic: 'licenses.events', message: message('e1'), also: { topic: 'licenses.results', message: message('r1') } },
      { topic: 'licenses.events', message: message('e2'), also: { topic: 'licenses.results', message: message('r-huge') } },
      { topic: 'licenses.events', message: message('e3'), also: { topic: 'licenses.results', message: message('r3') } },
    ]);
    expect(await relay.drain()).toBe(3);
    expect(ids(bus)).toEqual(['e1', 'e2', 'e3', 'r1', 'r3']);
    const parked = await db.sql<{ value: Buffer; also: Buffer }[]>`
      select value, also_value as also from outbox where parked_at is not null`;
    expect(parked.map((r) => [r.value.toString(), r.also.toString()])).toEqual([['e2', 'r-huge']]);
    expect(await readOutboxLag(db.sql)).toMatchObject({ pending: 0, parked: 1 });
  });

  it('never publishes rows of a rolled-back transaction', async () => {
    const bus = createRecordingBus();
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger });
    await db.sql
      .begin(async (tx) => {
        await writeOutbox(tx, onTopic('t', [{ key: 'k', value: 'v', headers: { 'event-id': 'gone' } }]));
        throw new Error('the change failed');
      })
      .catch(() => {});
    expect(await relay.drain()).toBe(0);
    expect(bus.published).toEqual([]);
  });

  it('does not skip a row whose transaction commits after a later id was published', async () => {
    const bus = createRecordingBus();
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 10 });
    relay.start();
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    // The slow transaction takes the lower id first and commits last.
    const slow = db.sql.begin(async (tx) => {
      await writeOutbox(tx, onTopic('t', [{ key: 'k', value: 'slow', headers: { 'event-id': 'slow' } }]));
      await slowMayCommit;
    });
    await until(
      'the slow transaction open',
      async () =>
        (
          await db.sql`select count(*)::int as n from pg_stat_activity where state = 'idle in transaction' and datname = current_database()`
        )[0]?.n >= 1,
      WAIT_MS,
    );
    await db.sql.begin((tx) => writeOutbox(tx, onTopic('t', [{ key: 'k2', value: 'fast', headers: { 'event-id': 'fast' } }])));
    await until('fast published', () => ids(bus).includes('fast'), WAIT_MS);
    expect(ids(bus)).toEqual(['fast']);
    releaseSlow();
    await slow;
    await until('slow published', () => ids(bus).includes('slow'), WAIT_MS);
    await relay.stop();
    expect(ids(bus)).toEqual(['fast', 'slow']);
  });

  it('publishes every row exactly once under concurrent writers and two relays', async () => {
    const bus = createRecordingBus();
    const relays = [1, 2].map(() => createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 5, batchSize: 50 }));
    relays.forEach((r) => r.start());
    const writers = 8;
    const perWriter = 150;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          await db.sql.begin(async (tx) => {
            await writeOutbox(tx, onTopic('t', [{ key: `w${w}`, value: String(i), headers: { 'event-id': `${w}-${i}` } }]));
            // Random hold times make commit order differ from id order.
            if (Math.random() < 0.2) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          });
        }
      }),
    );
    await until('every row published', () => bus.published.length >= writers * perWriter, WAIT_MS);
    await Promise.all(relays.map((r) => r.stop()));
    const seen = ids(bus);
    expect(seen).toHaveLength(writers * perWriter);
    expect(new Set(seen).size).toBe(writers * perWriter);
    // Per key (one writer = one key, sequential commits), the bus order is the commit order.
    for (let w = 0; w < writers; w++) {
      const own = seen.filter((id) => id.startsWith(`${w}-`)).map((id) => Number(id.split('-')[1]));
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }
  });

  it('keeps rows when the bus fails and publishes them once it recovers', async () => {
    const bus = createRecordingBus();
    const relay = createOutboxRelay({ sql: db.sql, bus, logger: silentLogger, idleIntervalMs: 5, retryMinMs: 5, retryMaxMs: 20 });
    await writeOutbox(db.sql, onTopic('t', [{ key: 'k', value: 'v', headers: { 'event-id': 'survivor' } }]));
    bus.failNext(3);
    relay.start();
    await until('survivor published', () => ids(bus).includes('survivor'), WAIT_MS);
    await relay.stop();
    expect(ids(bus)).toEqual(['survivor']);
    expect((await readOutboxLag(db.sql)).pending).toBe(0);
  });
});
