/**
 * @module main/demo/demo-data-providers
 * Two data providers of the demo county, so a newcomer can try the exchange at once: the 公安局
 * offers 户籍信息核验 and the 民政局 婚姻登记信息核验, both 有条件共享, answered from the small
 * registers of demo-data-tables. They behave as a department's connector would: they read their
 * `data.<provider>.requests` topic and answer on `data.responses` with their own system token. The
 * 行政审批服务局 holds an approved grant for fewer fields of each than it asked for.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { DataCatalogue } from '../../core/data-sharing/data-catalogue.js';
import type { DataGrants } from '../../core/data-sharing/data-grants.js';
import type { DataServiceInput } from '../../core/data-sharing/data-service.js';
import { ExchangeHeaders, providerRequestsTopic, type ProviderRequestMessage } from '../../core/data-sharing/exchange-messages.js';
import type { DepartmentService } from '../../core/departments/department-service.js';
import type { Logger } from '../../core/ports/logger.js';
import type { MessageBus, Subscription } from '../../core/ports/message-bus.js';
import { ExchangeTopics } from '../../core/topics.js';
import { lookUpHousehold, lookUpMarriage } from './demo-data-tables.js';

const BASE = 'https://zhengzhao.gov.cn/schemas/data-services';
export const DEMO_PSB = { uscc: '11431322006123470M', name: '新化县公安局' };
const CIVIL = '11431322006123460L';
const APPROVAL = '11431322MB1E48273Y';
/** Items of the demo catalogue the grants serve: 个体工商户设立登记, 不动产转移登记. */
const DEMO_ITEMS = ['XH-SC-0004', 'XH-BDC-0001'];
const SEEDER: Principal = { actor: 'hub:demo-county', role: 'security-admin', department: undefined };

interface DemoProvider {
  service: DataServiceInput;
  answer(params: { idNumber: string; name: string }): object;
  /** What the 行政审批服务局 asks for, and the fewer fields it gets. */
  asked: string[];
  granted: string[];
}

const fields = (names: string[], open: string) => names.map((name) => ({ name, personal: name !== open }));

/** 户籍信息核验 as the demo 公安局 registers it (tests and the exchange benchmark register the same). */
export const HOUSEHOLD_SERVICE: DataServiceInput = {
  code: 'household-verification',
  name: '户籍信息核验',
  description: '按身份证号与姓名核验户籍登记，答复一致与否及登记的户籍信息',
  provider: DEMO_PSB.uscc,
  sharingClass: 'conditional',
  requestSchema: `${BASE}/household-verification-request/1.json`,
  responseSchema: `${BASE}/household-verification-response/1.json`,
  fields: fields(
    ['match', 'name', 'sex', 'ethnicity', 'birthDate', 'address', 'householdNo', 'relationToHead', 'registrationAuthority'],
    'match',
  ),
  legalBasis: '《中华人民共和国户口登记条例》；《政务信息资源共享管理暂行办法》第九条',
};

const PROVIDERS: readonly DemoProvider[] = [
  {
    service: HOUSEHOLD_SERVICE,
    answer: (p) => lookUpHousehold(p.idNumber, p.name),
    asked: ['match', 'name', 'address', 'householdNo', 'relationToHead'],
    granted: ['match', 'name', 'address'],
  },
  {
    service: {
      code: 'marriage-verification',
      name: '婚姻登记信息核验',
      description: '按身份证号与姓名核验婚姻登记状况与最近一次登记',
      provider: CIVIL,
      sharingClass: 'conditional',
      requestSchema: `${BASE}/marriage-verification-request/1.json`,
      responseSchema: `${BASE}/marriage-verification-response/1.json`,
      fields: fields(
        ['found', 'maritalStatus', 'registeredOn', 'registrationKind', 'certificateNumber', 'spouseName', 'registrationAuthority'],
        'found',
      ),
      legalBasis: '《婚姻登记条例》；《政务信息资源共享管理暂行办法》第九条',
    },
    answer: (p) => lookUpMarriage(p.idNumber, p.name),
    asked: ['found', 'maritalStatus', 'registeredOn', 'spouseName'],
    granted: ['found', 'maritalStatus', 'registeredOn'],
  },
];

export interface DemoDataProviderDeps {
  bus: MessageBus;
  topicsReady: Promise<boolean>;
  catalogue: DataCatalogue;
  grants: DataGrants;
  departments: Pick<DepartmentService, 'register' | 'list'>;
  /** An API token for the department's system: the provider answers as that system. */
  mintSystemToken(department: string): Promise<string>;
  groupPrefix: string;
  logger: Logger;
  now(): Date;
}

export async function startDemoDataProviders(deps: DemoDataProviderDeps): Promise<{ stop(): Promise<void> }> {
  const known = new Set((await deps.departments.list()).map((d) => d.uscc));
  if (!known.has(APPROVAL) || !known.has(CIVIL)) return { stop: async () => undefined }; // not the demo county
  if (!known.has(DEMO_PSB.uscc)) await deps.departments.register({ ...DEMO_PSB, level: 'county' });
  if (!(await deps.topicsReady)) return { stop: async () => undefined };

  const subscriptions: Subscription[] = [];
  for (const provider of PROVIDERS) {
    const { service } = provider;
    await deps.catalogue.register(SEEDER, service);
    await grantOnce(deps, provider);
    const authorization = `Bearer ${await deps.mintSystemToken(service.provider)}`;
    subscriptions.push(
      await deps.bus.subscribe({
        topic: providerRequestsTopic(service.provider),
        groupId: `${deps.groupPrefix}.demo-provider.${service.provider}`,
        fromBeginning: false,
        handleBatch: async (messages) => {
          const answers = messages.flatMap((message) => {
            const request = JSON.parse(message.value.toString('utf8')) as ProviderRequestMessage;
            if (request.service !== service.code) return [];
            const data = provider.answer(request.params as { idNumber: string; name: string });
            return [
              {
                key: service.provider,
                value: JSON.stringify({ exchangeId: request.exchangeId, ok: true, data }),
                headers: { [ExchangeHeaders.messageId]: request.exchangeId, [ExchangeHeaders.authorization]: authorization },
              },
            ];
          });
          await deps.bus.publish(ExchangeTopics.dataResponses, answers);
        },
      }),
    );
  }
  deps.logger.info(
    { services: PROVIDERS.map((p) => p.service.code) },
    'demo data providers answering (公安局 户籍信息核验, 民政局 婚姻登记信息核验)',
  );
  return {
    async stop() {
      for (const subscription of subscriptions) await subscription.stop();
    },
  };
}

/** The 行政审批服务局's grant, applied for and approved (fewer fields) on the demo's first start. */
async function grantOnce(deps: DemoDataProviderDeps, provider: DemoProvider): Promise<void> {
  const admin = (department: string): Principal => ({ actor: 'hub:demo-county', role: 'dept-admin', department });
  const existing = await deps.grants.list(admin(APPROVAL), { service: provider.service.code });
  if (existing.length > 0) return;
  const grant = await deps.grants.apply(admin(APPROVAL), provider.service.code, { purposes: DEMO_ITEMS, fields: provider.asked });
  const expiresAt = new Date(deps.now().getTime() + 365 * 24 * 3600 * 1000);
  await deps.grants.approve(admin(provider.service.provider), grant.id, { fields: provider.granted, expiresAt, quotaPerMinute: 600 });
}
