/**
 * @module http/routes/catalogue-routes
 * The published 两个清单 for anyone (no login: the reform requires it public), drafts, publication
 * and import/export for the catalogue's administrators.
 */
import type { CatalogueService } from '../../core/catalogue/catalogue-service.js';
import { catalogueFromCsv, catalogueToCsv } from '../catalogue-csv.js';
import type { RouteRegistry } from '../route.js';

export interface CatalogueRouteDeps {
  catalogue: CatalogueService;
}

const ITEM = {
  type: 'object',
  description: 'Contract https://zhengzhao.gov.cn/schemas/catalogue/service-item/1.json plus version and publishedAt',
  required: ['code', 'name', 'materials', 'fees'],
  properties: { code: { type: 'string' }, name: { type: 'string' }, version: { type: 'integer' }, materials: { type: 'array' } },
};
const CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 64, description: '事项编码', examples: ['XH-SC-0001'] } },
} as const;
type CodeParams = { params: { code: string } };
const ITEMS_QUERY = {
  type: 'object',
  properties: {
    department: { type: 'string', maxLength: 18, description: 'Lead department credit code' },
    window: { type: 'string', maxLength: 20, description: '综合窗口' },
  },
} as const;
const EXPORT_QUERY = { type: 'object', properties: { format: { enum: ['json', 'csv'] } } } as const;
const IMPORT_QUERY = { type: 'object', properties: { publish: { type: 'boolean', description: 'Publish every item at once' } } } as const;

const VERSION = {
  type: 'object',
  required: ['code', 'version', 'state'],
  properties: { code: { type: 'string' }, version: { type: 'integer' }, state: { enum: ['draft', 'published'] } },
};

export function registerCatalogueRoutes(routes: RouteRegistry, deps: CatalogueRouteDeps): void {
  routes.add<{ query: { department?: string; window?: string } }>(
    {
      operationId: 'listCatalogueItems',
      method: 'GET',
      path: '/v1/catalogue/items',
      summary: '政务服务事项清单: the published service items with materials, sources and time limits (?department=&window=)',
      tags: ['catalogue'],
      query: ITEMS_QUERY,
      responses: { 200: { description: '{items}', schema: { type: 'object', properties: { items: { type: 'array', items: ITEM } } } } },
    },
    async ({ c, query }) => c.json({ items: await deps.catalogue.listPublished(query) }),
  );

  routes.add<CodeParams>(
    {
      operationId: 'getCatalogueItem',
      method: 'GET',
      path: '/v1/catalogue/items/{code}',
      summary: 'One published service item',
      tags: ['catalogue'],
      params: CODE_PARAMS,
      responses: {
        200: { description: 'The item', schema: ITEM },
        404: { description: 'No published item with this code' },
      },
    },
    async ({ c, params }) => c.json(await deps.catalogue.published(params.code)),
  );

  routes.add(
    {
      operationId: 'listCatalogueFees',
      method: 'GET',
      path: '/v1/catalogue/fees',
      summary: '收费事项清单: the fees of every published item (an item without fees charges nothing)',
      tags: ['catalogue'],
      responses: { 200: { description: '{items: [{itemCode, itemName, department, charges, fees}]}' } },
    },
    async ({ c }) => c.json({ items: await deps.catalogue.fees() }),
  );

  routes.add<{ query: { format?: 'json' | 'csv' } }>(
    {
      operationId: 'exportCatalogue',
      method: 'GET',
      path: '/v1/catalogue/export',
      summary: 'The published catalogue as one file: ?format=json (default) or csv',
      tags: ['catalogue'],
      query: EXPORT_QUERY,
      responses: { 200: { description: 'JSON {items} or text/csv', contentType: 'text/csv' } },
    },
    async ({ c, query }) => {
      const items = await deps.catalogue.listPublished();
      if (query.format === 'csv') {
        c.header('Content-Disposition', 'attachment; filename="catalogue.csv"');
        return c.body(catalogueToCsv(items.map(({ version: _v, publishedAt: _p, ...item }) => item)), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
        });
      }
      return c.json({ items: items.map(({ version: _v, publishedAt: _p, ...item }) => item) });
    },
  );

  routes.add(
    {
      operationId: 'listCatalogueDrafts',
      method: 'GET',
      path: '/v1/catalogue/drafts',
      summary: 'Unpublished drafts (not usable in a case)',
      tags: ['catalogue'],
      responses: { 200: { description: '{items}' } },
    },
    async ({ c }) => c.json({ items: await deps.catalogue.listDrafts() }),
  );

  routes.add<CodeParams & { body: unknown }>(
    {
      operationId: 'saveCatalogueDraft',
      method: 'PUT',
      path: '/v1/catalogue/items/{code}',
      summary: 'Create or replace the draft of an item (contract catalogue/service-item); audited',
      tags: ['catalogue'],
      params: CODE_PARAMS,
      body: {
        'application/json': { type: 'object', description: 'Contract https://zhengzhao.gov.cn/schemas/catalogue/service-item/1.json' },
      },
      responses: { 200: { description: 'The draft version', schema: VERSION }, 422: { description: 'Invalid item' } },
    },
    async ({ c, caller, params, body }) => c.json(await deps.catalogue.saveDraft(caller, params.code, body)),
  );

  routes.add<CodeParams>(
    {
      operationId: 'publishCatalogueItem',
      method: 'POST',
      path: '/v1/catalogue/items/{code}/publish',
      summary: 'Publish the draft of an item; the previous publication is superseded; audited',
      tags: ['catalogue'],
      params: CODE_PARAMS,
      responses: { 200: { description: 'The published version', schema: VERSION }, 404: { description: 'No draft' } },
    },
    async ({ c, caller, params }) => c.json(await deps.catalogue.publish(caller, params.code)),
  );

  routes.add<{ query: { publish?: boolean }; body: unknown }>(
    {
      operationId: 'importCatalogue',
      method: 'POST',
      path: '/v1/catalogue/import',
      summary: 'Import many items as drafts, published at once with ?publish=true: JSON {items} or text/csv as exported',
      tags: ['catalogue'],
      query: IMPORT_QUERY,
      body: {
        'application/json': { type: 'object', required: ['items'], properties: { items: { type: 'array', maxItems: 2000 } } },
        'text/csv': { type: 'string', description: 'The CSV as exported' },
      },
      responses: { 200: { description: '{imported, items}' }, 422: { description: 'Nothing imported: the errors' } },
    },
    async ({ c, caller, query, body, contentType }) => {
      const items = contentType === 'text/csv' ? catalogueFromCsv(body as string) : (body as { items: unknown[] }).items;
      return c.json(await deps.catalogue.importItems(caller, items, { publish: query.publish === true }));
    },
  );
}
