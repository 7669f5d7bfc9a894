/**
 * @module core/catalogue/catalogue-service
 * The 两个清单 (service items with their materials, and fees): drafts edited by admins, versions
 * published to everyone. Only published versions are read by cases — the reform's rule that what
 * is not published may not be demanded. Every draft, publication and import is audited.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { CatalogueRepository } from '../ports/catalogue-repository.js';
import {
  CatalogueImportInvalidError,
  CatalogueItemInvalidError,
  CatalogueItemNotFoundError,
  CatalogueItemNotPublishedError,
} from './catalogue-errors.js';
import { serviceItemProblems, type CatalogueVersion, type ServiceItem } from './service-item.js';

export interface CatalogueServiceDeps {
  catalogue: CatalogueRepository;
  contracts: Pick<ContractRegistry, 'validate' | 'licenseType'>;
  now(): Date;
}

export interface PublishedItemView extends ServiceItem {
  version: number;
  publishedAt: string | undefined;
}

export function createCatalogueService(deps: CatalogueServiceDeps) {
  const entry = (caller: Principal, action: string, target: string, details: Record<string, unknown>): AuditEntry => ({
    action,
    actor: caller.actor,
    role: caller.role,
    department: caller.department,
    target,
    result: 'ok',
    requestId: undefined,
    at: deps.now(),
    details,
  });

  const semantic = (item: ServiceItem) => serviceItemProblems(item, (code) => deps.contracts.licenseType(code) !== undefined);

  /** Contract errors first; an item that passes its contract is then checked for what the contract cannot say. */
  function problems(value: unknown): FieldError[] {
    const errors = deps.contracts.validate(ContractIds.serviceItem, value);
    return errors.length > 0 ? errors : semantic(value as ServiceItem);
  }

  function check(value: unknown): ServiceItem {
    const errors = deps.contracts.validate(ContractIds.serviceItem, value);
    if (errors.length > 0) throw new ValidationError('the item does not match its contract', { errors });
    const contradictions = semantic(value as ServiceItem);
    if (contradictions.length > 0)
      throw new CatalogueItemInvalidError('事项内容自相矛盾或引用了未知的证照类型', { errors: contradictions });
    return value as ServiceItem;
  }

  const view = (v: CatalogueVersion): PublishedItemView => ({ ...v.item, version: v.version, publishedAt: v.publishedAt?.toISOString() });

  async function saveDraft(caller: Principal, code: string, body: unknown) {
    const item = check(body);
    if (item.code !== code) {
      throw new ValidationError('the body is for another item', { errors: [{ pointer: '/code', detail: `must be ${code}` }] });
    }
    const version = await deps.catalogue.saveDraft(item, caller.actor, [
      entry(caller, 'catalogue.draft', code, { name: item.name, materials: item.materials.length }),
    ]);
    return { code, version, state: 'draft' as const };
  }

  async function publish(caller: Principal, code: string) {
    const version = await deps.catalogue.publish(code, caller.actor, (v) => [entry(caller, 'catalogue.publish', code, { version: v })]);
    if (version === undefined) {
      const published = await deps.catalogue.published(code);
      if (!published) throw new CatalogueItemNotFoundError(`没有事项 ${code} 的草稿`);
      return { code, version: published.version, state: 'published' as const };
    }
    return { code, version, state: 'published' as const };
  }

  return {
    saveDraft,
    publish,

    /** The whole catalogue at once: every item is checked before anything is written. */
    async importItems(caller: Principal, items: readonly unknown[], options: { publish: boolean }) {
      const errors = items.flatMap((item, i) => problems(item).map((e) => ({ pointer: `/items/${i}${e.pointer}`, detail: e.detail })));
      const codes = items.map((item) => (item as { code?: unknown }).code);
      codes.forEach((code, i) => {
        if (codes.indexOf(code) !== i) errors.push({ pointer: `/items/${i}/code`, detail: '事项编码重复' });
      });
      if (errors.length > 0) throw new CatalogueImportInvalidError('导入的清单有误，未导入任何事项', { errors: errors.slice(0, 200) });
      const results = [];
      for (const item of items as ServiceItem[]) {
        const draft = await saveDraft(caller, item.code, item);
        results.push(options.publish ? await publish(caller, item.code) : draft);
      }
      return { imported: results.length, items: results };
    },

    async listPublished(filter: { department?: string; window?: string } = {}): Promise<PublishedItemView[]> {
      const all = await deps.catalogue.listPublished();
      return all
        .filter((v) => !filter.department || v.item.leadDepartment.uscc === filter.department)
        .filter((v) => !filter.window || v.item.window === filter.window)
        .map(view);
    },

    /** For anyone: a draft is not there until it is published (its existence is not public either). */
    async published(code: string): Promise<PublishedItemView> {
      const found = await deps.catalogue.published(code);
      if (!found) throw new CatalogueItemNotFoundError(`没有已公布的事项 ${code}`);
      return view(found);
    },

    /** The version a case may use; a draft-only item is refused. */
    async publishedVersion(code: string): Promise<CatalogueVersion> {
      const found = await deps.catalogue.published(code);
      if (found) return found;
      const drafts = await deps.catalogue.listDrafts();
      if (drafts.some((d) => d.item.code === code)) throw new CatalogueItemNotPublishedError(`事项 ${code} 尚未公布，不得据以办件`);
      throw new CatalogueItemNotFoundError(`没有事项 ${code}`);
    },

    version: (code: string, version: number) => deps.catalogue.version(code, version),

    async listDrafts(): Promise<PublishedItemView[]> {
      return (await deps.catalogue.listDrafts()).map(view);
    },

    /** 收费事项清单: every published item with its fees; an item without fees charges nothing. */
    async fees() {
      return (await deps.catalogue.listPublished()).map(({ item }) => ({
        itemCode: item.code,
        itemName: item.name,
        department: item.leadDepartment,
        charges: item.fees.length > 0,
        fees: item.fees,
      }));
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
