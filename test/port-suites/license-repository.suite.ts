/**
 * @module test/port-suites/license-repository.suite
 * What every `LicenseRepository` owes row integrity (core/ports/license-repository.ts): each row is
 * written with a MAC under the current key, the narrow read returns the facts and the MAC without
 * the JWS, a row edited behind the repository fails its MAC and cannot be locked for a change, a
 * status change MACs the row anew, rows MACed under a rotated key keep verifying, and the sweep's
 * MAC store only takes effect on the revision it was computed for. Run against PostgreSQL and the
 * embedded PGlite (both integration: the adapter is the same, the engines differ).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordAlteredError } from '../../src/core/licenses/license-errors.js';
import { rowIntegrity, signRow } from '../../src/core/licenses/license-row-mac.js';
import type { LicenseRepository, NewLicense } from '../../src/core/ports/license-repository.js';
import type { RowMacKeyRing } from '../../src/core/ports/row-mac-keys.js';
import type { Sql } from '../../src/postgres/database.js';

export interface LicenseRepositoryUnderTest {
  licenses: LicenseRepository;
  keys: RowMacKeyRing;
  /** The engine behind the repository, to edit rows as a database-level attacker would. */
  sql: Sql;
}

const TYPE = '11100000000013338W011';
const ISSUER = { uscc: '114313220061234566', name: '新化县市场监督管理局' };

function newLicense(serial: string): NewLicense {
  const lineage = `1.2.156.3005.2.${TYPE}.${ISSUER.uscc}.${serial}`;
  const payload = { typeCode: TYPE, number: serial, name: '食品经营许可证', data: { scope: '热食类' } };
  const jws = `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
  return {
    id: `${lineage}.001.X`,
    lineage,
    typeCode: TYPE,
    issuer: ISSUER,
    number: serial,
    idVersion: 1,
    holder: { name: '新化县某某餐馆', idType: 'USCC', id: '92431322MA4L0ABC15' },
    issuedAt: '2024-03-01',
    validFrom: '2024-03-01',
    validUntil: '2029-02-28',
    payload,
    payloadJson: JSON.stringify(payload),
    jws,
    digest: createHash('sha256').update(jws).digest('hex'),
    sealSerial: '0a1b2c',
    replaces: undefined,
  };
}

export function describeLicenseRowIntegrityContract(name: string, open: () => Promise<LicenseRepositoryUnderTest>): void {
  describe(`licence row integrity (${name})`, () => {
    const insert = async (licenses: LicenseRepository, serial: string) => {
      const license = newLicense(serial);
      await licenses.transaction((tx) => tx.insert([license]));
      return license;
    };

    it('writes every row with a MAC under the current key, and reads the facts narrow', async () => {
      const { licenses, keys } = await open();
      const license = await insert(licenses, 'ROW0001');
      const facts = await licenses.facts(license.id);
      expect(facts).toMatchObject({
        id: license.id,
        name: '食品经营许可证',
        status: 'valid',
        revision: 1,
        rowMac: { kid: keys.currentKid },
      });
      expect(facts).not.toHaveProperty('jws');
      expect(facts).not.toHaveProperty('payload');
      expect(rowIntegrity(keys, facts!)).toBe('intact');
      expect(await licenses.factsByNumber('ROW0001', TYPE)).toEqual([facts]);
      expect(await licenses.find(license.id)).toMatchObject({ ...facts, jws: license.jws, payload: license.payload });
    });

    it('fails the MAC of a row edited behind it, and refuses to lock it for a change', async () => {
      const { licenses, keys, sql } = await open();
      const edits = [
        () => sql`update licenses set status = 'revoked' where number = 'ROW0101'`,
        () => sql`update licenses set valid_until = '2199-12-31' where number = 'ROW0102'`,
        () => sql`update licenses set holder_id = '91350100M000100Y43' where number = 'ROW0103'`,
        () => sql`update licenses set digest = ${'0'.repeat(64)} where number = 'ROW0104'`,
        () => sql`update licenses set created_at = created_at - interval '1 day' where number = 'ROW0105'`,
      ];
      for (const [i, edit] of edits.entries()) {
        const license = await insert(licenses, `ROW010${i + 1}`);
        await edit();
        expect(rowIntegrity(keys, (await licenses.facts(license.id))!)).toBe('altered');
        await expect(licenses.transaction((tx) => tx.lock(license.id))).rejects.toThrow(RecordAlteredError);
      }
    });

    it('MACs the row anew on a status change, so the changed row verifies', async () => {
      const { licenses, keys } = await open();
      const license = await insert(licenses, 'ROW0201');
      await licenses.transaction(async (tx) => {
        await tx.lock(license.id);
        await tx.updateStatus(license.id, { status: 'suspended', revision: 2, at: new Date() });
      });
      const facts = (await licenses.facts(license.id))!;
      expect(facts).toMatchObject({ status: 'suspended', revision: 2 });
      expect(rowIntegrity(keys, facts)).toBe('intact');
      await expect(
        licenses.transaction((tx) => tx.updateStatus(license.id, { status: 'valid', revision: 3, at: new Date() })),
      ).rejects.toThrow(TypeError);
    });

    it('keeps rows MACed under a rotated key verifying; new rows take the new key', async () => {
      const { licenses, keys } = await open();
      const before = await insert(licenses, 'ROW0301');
      const { kid } = await keys.rotate();
      const after = await insert(licenses, 'ROW0302');
      const [old, fresh] = [(await licenses.facts(before.id))!, (await licenses.facts(after.id))!];
      expect(old.rowMac?.kid).not.toBe(kid);
      expect(fresh.rowMac?.kid).toBe(kid);
      expect([rowIntegrity(keys, old), rowIntegrity(keys, fresh)]).toEqual(['intact', 'intact']);
    });

    it('stores a MAC for a row only at the revision and MAC it was computed from', async () => {
      const { licenses, keys, sql } = await open();
      const license = await insert(licenses, 'ROW0401');
      await sql`update licenses set mac = null, mac_kid = null where id = ${license.id}`;
      const facts = (await licenses.facts(license.id))!;
      expect(rowIntegrity(keys, facts)).toBe('unsealed');
      expect(await licenses.storeRowMac({ ...facts, revision: 7 }, signRow(keys, facts))).toBe(false);
      expect(await licenses.storeRowMac(facts, signRow(keys, facts))).toBe(true);
      expect(rowIntegrity(keys, (await licenses.facts(license.id))!)).toBe('intact');
    });

    it('pages through every licence in identifier order', async () => {
      const { licenses } = await open();
      const seen: string[] = [];
      for (let after = ''; ;) {
        const page = await licenses.page(after, 3);
        seen.push(...page.map((l) => l.id));
        if (page.length < 3) break;
        after = page.at(-1)!.id;
      }
      expect(seen).toEqual([...seen].sort());
      expect(seen).toEqual(expect.arrayContaining([newLicense('ROW0001').id, newLicense('ROW0401').id]));
    });
  });
}
