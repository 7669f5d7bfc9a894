import { ContractViolationError, HubRefusalError, HubUnavailableError, type SealedLicense } from '@zhengzhao/sdk';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from './column-mapping.js';
import type { RowState, RowStateStore } from './row-state.js';
import { MAPPING_ERROR_CODE, syncRow, type LicensePublisher } from './sync-row.js';

const mapping: ColumnMapping = {
  fields: { '/number': 'no', '/holder/name': 'holder' },
  status: { column: 'status', values: { 正常: 'valid', 暂停: 'suspended', 吊销: 'revoked' } },
};

/** A hub that keeps versions per number and statuses per id, as the real lifecycle does. */
function fakeHub() {
  const calls: string[] = [];
  const versions = new Map<string, number>();
  let failNext: Error | undefined;
  const hub: LicensePublisher = {
    async sealLicense(payload) {
      // An empty column is left out of the payload, which the contract then misses.
      if (!(payload as { holder?: { name?: string } }).holder?.name)
        throw new ContractViolationError('bad', [{ pointer: '/holder/name', detail: 'empty' }]);
      return { jws: `jws:${JSON.stringify(payload)}`, licenseId: `${payload.number}.001`, payload } as SealedLicense;
    },
    async publish(licence) {
      const sealed = licence as SealedLicense;
      if (failNext) throw [failNext, (failNext = undefined)][0];
      const version = (versions.get(sealed.payload.number) ?? 0) + 1;
      versions.set(sealed.payload.number, version);
      calls.push(`${sealed.payload.replaces ? 'replace' : 'issue'} ${sealed.payload.number}`);
      return { id: `${sealed.payload.number}.00${version}`, status: 'valid', version: 1, created: true };
    },
    async changeStatus(licence, change) {
      calls.push(`status ${String(licence)} ${change.status}`);
      return { id: String(licence), status: change.status, applied: true };
    },
  };
  return { hub, calls, failOnce: (error: Error) => (failNext = error) };
}

function memoryStates(): RowStateStore & { rows: Map<string, RowState> } {
  const rows = new Map<string, RowState>();
  return {
    rows,
    load: async (_source, key) => structuredClone(rows.get(key)),
    save: async (_source, key, state) => void rows.set(key, structuredClone(state)),
  };
}

describe('syncRow', () => {
  const setup = () => {
    const fake = fakeHub();
    const states = memoryStates();
    const sync = (row: Record<string, unknown>) => syncRow({ source: 's', mapping, hub: fake.hub, states }, '1', row);
    return { ...fake, states, sync };
  };

  it('issues a new row, replaces on a content change, changes status on a status change, and does nothing for an unchanged row', async () => {
    const { sync, calls } = setup();
    expect(await sync({ no: 'A1', holder: '甲', status: '正常' })).toBe('issued');
    expect(await sync({ no: 'A1', holder: '甲', status: '正常' })).toBe('unchanged');
    expect(await sync({ no: 'A1', holder: '乙', status: '暂停' })).toBe('replaced+status');
    expect(await sync({ no: 'A1', holder: '乙', status: '正常' })).toBe('status');
    expect(calls).toEqual(['issue A1', 'replace A1', 'status A1.002 suspended', 'status A1.002 valid']);
  });

  it('never reissues a revoked licence: a revocation with other changes is only a revocation, later changes are left alone', async () => {
    const { sync, calls } = setup();
    await sync({ no: 'B1', holder: '甲', status: '正常' });
    expect(await sync({ no: 'B1', holder: '乙', status: '吊销' })).toBe('status');
    expect(await sync({ no: 'B1', holder: '丙', status: '吊销' })).toBe('unchanged');
    expect(calls).toEqual(['issue B1', 'status B1.001 revoked']);
  });

  it('keeps a sealed licence pending through an outage and resends exactly it', async () => {
    const { sync, calls, states, failOnce } = setup();
    failOnce(new HubUnavailableError('down'));
    await expect(sync({ no: 'C1', holder: '甲', status: '正常' })).rejects.toBeInstanceOf(HubUnavailableError);
    const pending = states.rows.get('1')?.pending;
    expect(pending?.kind).toBe('issue');
    expect(await sync({ no: 'C1', holder: '甲', status: '正常' })).toBe('issued');
    expect(calls).toEqual(['issue C1']);
    expect(states.rows.get('1')).toMatchObject({ licenseId: 'C1.001', status: 'valid' });
    expect(states.rows.get('1')?.pending).toBeUndefined();
  });

  it('records refusals (hub, contract, mapping) on the row and does not resend an unchanged refused row', async () => {
    const { sync, calls, states, failOnce } = setup();
    failOnce(new HubRefusalError('ERR_NO_ISSUING_RIGHT', 'no right', 403));
    expect(await sync({ no: 'D1', holder: '甲', status: '正常' })).toBe('refused');
    expect(states.rows.get('1')?.refused?.code).toBe('ERR_NO_ISSUING_RIGHT');
    expect(await sync({ no: 'D1', holder: '甲', status: '正常' })).toBe('unchanged');
    expect(await sync({ no: 'D1', holder: '', status: '正常' })).toBe('refused');
    expect(states.rows.get('1')?.refused?.code).toBe('ERR_VALIDATION');
    expect(await sync({ no: 'D1', holder: '甲', status: '未知' })).toBe('refused');
    expect(states.rows.get('1')?.refused?.code).toBe(MAPPING_ERROR_CODE);
    expect(await sync({ no: 'D1', holder: '甲', status: '正常' })).toBe('issued');
    expect(states.rows.get('1')?.refused).toBeUndefined();
    expect(calls).toEqual(['issue D1']);
  });
});
