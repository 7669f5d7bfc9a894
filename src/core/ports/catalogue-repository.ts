/**
 * @module core/ports/catalogue-repository
 * Versions of service items. At most one draft and one published version of an item exist at a
 * time; publishing supersedes the previous publication. Writes carry their audit entries.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CatalogueVersion, ServiceItem } from '../catalogue/service-item.js';

export interface CatalogueRepository {
  /** Creates or replaces the item's draft; returns its version. */
  saveDraft(item: ServiceItem, by: string, audit: readonly AuditEntry[]): Promise<number>;
  /** Publishes the draft; undefined when there is none. */
  publish(code: string, by: string, audit: (version: number) => readonly AuditEntry[]): Promise<number | undefined>;
  published(code: string): Promise<CatalogueVersion | undefined>;
  version(code: string, version: number): Promise<CatalogueVersion | undefined>;
  listPublished(): Promise<CatalogueVersion[]>;
  listDrafts(): Promise<CatalogueVersion[]>;
}
