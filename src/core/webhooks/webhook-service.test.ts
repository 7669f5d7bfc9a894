import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import type { NewSubscription, WebhookStore } from '../ports/webhook-store.js';
import { HEALTHY } from './circuit-breaker.js';
import { createWebhookService } from './webhook-service.js';
import type { WebhookSubscription } from './webhook-subscription.js';

const SAMR = '114313220061234566';
const CIVIL = '91350100M000100Y43';
const FOOD = '11100000000013338W011';
const BUSINESS = '11100000000013338W001';

function service() {
  const rows: WebhookSubscription[] = [];
  const audits: unknown[] = [];
  const store = {
    async createSubscription(s: NewSubscription, audit: readonly unknown[]) {
      const row = { ...s, id: `sub-${rows.length + 1}`, status: 'active', disabledAt: undefined, health: HEALTHY } as WebhookSubscription;
      rows.push(row);
      audits.push(...audit);
      return row;
    },
    findSubscription: async (id: string) => rows.find((r) => r.id === id),
    listSubscriptions: async (filter: { department?: string }) =>
      rows.filter((r) => !filter.department || r.department === filter.department),
  } as unknown as WebhookStore;
  const webhooks = createWebhookService({
    store,
    assertActiveDepartment: async () => undefined,
    rights: {
      holders: async (right, code) => (right === 'issue' ? (code === BUSINESS ? [SAMR] : []) : code === FOOD ? [CIVIL] : []),
    },
    onRedeliver: () => undefined,
    now: () => new Date('2026-12-07T00:00:00Z'),
  });
  return { webhooks, audits };
}

const admin = (department: string): Principal => ({ actor: `token:${department}`, role: 'dept-admin', department });
const securityAdmin: Principal = { actor: 'token:root', role: 'security-admin', department: undefined };
const hook = 'https://dept.example.gov.cn/hooks/zz';

describe('webhook subscriptions', () => {
  it('accepts types the department issues or may read, for its own department, audited', async () => {
    const { webhooks, audits } = service();
    const issued = await webhooks.subscribe(admin(SAMR), { url: hook, typeCodes: [BUSINESS, BUSINESS] });
    expect(issued).toMatchObject({ department: SAMR, typeCodes: [BUSINESS], issuers: [] });
    await webhooks.subscribe(admin(CIVIL), { url: hook, typeCodes: [FOOD], issuers: [SAMR] });
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ action: 'webhook.subscribe', actor: `token:${SAMR}`, target: SAMR });
  });

  it('refuses a type the department neither issues nor reads, and another department', async () => {
    const { webhooks } = service();
    await expect(webhooks.subscribe(admin(CIVIL), { url: hook, typeCodes: [BUSINESS] })).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_TYPE_NOT_ENTITLED',
    });
    await expect(webhooks.subscribe(admin(SAMR), { department: CIVIL, url: hook, typeCodes: [FOOD] })).rejects.toMatchObject({
      code: 'ERR_FORBIDDEN',
    });
    await expect(webhooks.subscribe(securityAdmin, { url: hook, typeCodes: [FOOD] })).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    expect(await webhooks.subscribe(securityAdmin, { department: CIVIL, url: hook, typeCodes: [FOOD] })).toMatchObject({
      department: CIVIL,
    });
  });

  it('posts only to http(s) URLs without credentials or fragment', async () => {
    const { webhooks } = service();
    for (const url of [
      'ftp://dept.example/x',
      'https://u:p@dept.example/x',
      'https://dept.example/x#y',
      'not a url',
      `https://d.example/${'a'.repeat(2100)}`,
    ]) {
      await expect(webhooks.subscribe(admin(CIVIL), { url, typeCodes: [FOOD] })).rejects.toMatchObject({ code: 'ERR_WEBHOOK_URL_INVALID' });
    }
  });

  it('shows a department admin its own subscriptions only; others are not found', async () => {
    const { webhooks } = service();
    const civil = await webhooks.subscribe(admin(CIVIL), { url: hook, typeCodes: [FOOD] });
    await webhooks.subscribe(admin(SAMR), { url: hook, typeCodes: [BUSINESS] });
    expect((await webhooks.list(admin(CIVIL), {})).map((s) => s.id)).toEqual([civil.id]);
    expect(await webhooks.list(securityAdmin, {})).toHaveLength(2);
    await expect(webhooks.list(admin(CIVIL), { department: SAMR })).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    await expect(webhooks.get(admin(SAMR), civil.id)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND' });
    await expect(webhooks.redeliver(admin(SAMR), civil.id)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND' });
    expect(await webhooks.get(securityAdmin, civil.id)).toMatchObject({ id: civil.id });
  });
});
