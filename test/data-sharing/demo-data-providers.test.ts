/**
 * The demo county's data providers on the real PostgreSQL (in-process bus, as `npm start` runs
 * without Kafka): the 公安局 and 民政局 services are in the catalogue, the 行政审批服务局 holds its
 * grants, and a request answers from the registers with only the granted fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { until } from '../support/until.js';

const APPROVAL = '11431322MB1E48273Y';

describe('demo data providers', () => {
  let fixture: HubFixture;
  let system: string;

  beforeAll(async () => {
    fixture = await startHubFixture({ ZZ_DEMO: 'true' });
    const grants = async () => ((await (await fixture.call('GET', '/v1/data/grants')).json()) as { items?: unknown[] }).items?.length;
    // The demo county seeds in the background after the hub serves; its providers start after it.
    await until('the demo data providers and their grants', async () => (await grants()) === 2, 240_000);
    system = await fixture.mintToken('system', APPROVAL);
  }, 300_000);
  afterAll(async () => fixture?.stop());

  const ask = (service: string, params: unknown, serviceItem: string) =>
    fixture.call('POST', `/v1/data/${service}/requests`, { params, purpose: { caseNo: 'XH-DEMO-0001', serviceItem } }, system);

  it('公安局 answers 户籍信息核验 with the granted fields only, and a mismatch as match: false', async () => {
    const found = await ask('household-verification', { idNumber: '431322199203150030', name: '刘伟' }, 'XH-SC-0004');
    expect(found.status).toBe(200);
    expect(((await found.json()) as { data: unknown }).data).toEqual({
      match: true,
      name: '刘伟',
      address: '湖南省娄底市新化县上梅街道北塔社区天华路12号',
    });
    const mismatch = await ask('household-verification', { idNumber: '431322199203150030', name: '刘伟伟' }, 'XH-SC-0004');
    expect(((await mismatch.json()) as { data: unknown }).data).toEqual({ match: false });
  });

  it('民政局 answers 婚姻登记信息核验 without the fields it did not grant', async () => {
    const answer = await ask('marriage-verification', { idNumber: '431322199104182520', name: '谢丽娟' }, 'XH-BDC-0001');
    expect(((await answer.json()) as { data: unknown }).data).toEqual({ found: true, maritalStatus: '离婚', registeredOn: '2021-06-15' });
  });
});
