/**
 * @module http/routes/system-routes
 * Liveness, readiness, metrics and the API description with its local UI.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NotFoundError, NotReadyError } from '../../core/errors.js';
import type { HubMetrics } from '../metrics.js';
import { buildOpenApiDocument, type EmbeddedContracts } from '../openapi.js';
import type { RouteRegistry } from '../route.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface SystemRouteDeps {
  metrics: HubMetrics;
  readiness: readonly ReadinessCheck[];
  version: string;
  publicUrl: string;
  /** The contracts route schemas refer to, bundled into /openapi.json. */
  contracts?: EmbeddedContracts;
}

const CHECK_TIMEOUT_MS = 2_000;
const JSON_OBJECT = { type: 'object' } as const;

export function registerSystemRoutes(routes: RouteRegistry, deps: SystemRouteDeps): void {
  routes.add(
    {
      operationId: 'getHealth',
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: the process is up and serving',
      tags: ['system'],
      responses: { 200: { description: 'Alive', schema: { type: 'object', properties: { status: { const: 'ok' } } } } },
    },
    ({ c }) => c.json({ status: 'ok' }),
  );

  routes.add(
    {
      operationId: 'getReadiness',
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: the database and the bus answer, and the submission consumer is joined and making progress',
      tags: ['system'],
      responses: {
        200: {
          description: 'Ready; every check is up',
          schema: {
            type: 'object',
            required: ['status', 'checks'],
            properties: {
              status: { const: 'ready' },
              checks: { type: 'object', additionalProperties: { type: 'object', properties: { status: { enum: ['up', 'down'] } } } },
            },
          },
        },
        503: { description: 'A dependency is down (problem+json with `checks`)' },
      },
    },
    async ({ c }) => {
      const results = await Promise.all(deps.readiness.map(runCheck));
      const checks = Object.fromEntries(results.map((r) => [r.name, r.result]));
      if (results.some((r) => r.result.status === 'down')) {
        throw new NotReadyError('a dependency of the hub is not available', { extra: { checks } });
      }
      return c.json({ status: 'ready', checks });
    },
  );

  routes.add(
    {
      operationId: 'getMetrics',
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics',
      tags: ['system'],
      responses: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } },
    },
    async ({ c }) => c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }),
  );

  let document: unknown;
  routes.add(
    {
      operationId: 'getOpenApi',
      method: 'GET',
      path: '/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tags: ['system'],
      responses: { 200: { description: 'OpenAPI document', schema: JSON_OBJECT } },
    },
    ({ c }) => {
      // Built on first request: by then every route module has registered.
      document ??= buildOpenApiDocument(routes.specs, {
        version: deps.version,
        serverUrl: deps.publicUrl,
        ...(deps.contracts ? { contracts: deps.contracts } : {}),
      });
      return c.json(document);
    },
  );

  registerDocsUi(routes);
}

async function runCheck(check: ReadinessCheck) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, result: { status: 'up' as const, ms: Math.round(performance.now() - started) } };
  } catch {
    return { name: check.name, result: { status: 'down' as const, ms: Math.round(performance.now() - started) } };
  } finally {
    clearTimeout(timer);
  }
}

const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>证照交换枢纽 API · zhengzhao</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true });`;

/** Swagger UI served from the installed package: the docs work on an offline county network. */
function registerDocsUi(routes: RouteRegistry): void {
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  // A Map, not an object literal: `constructor` or `__proto__` must not find an inherited property.
  const assets = new Map<string, { file?: string; text?: string; type: string }>([
    ['swagger-ui.css', { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' }],
    ['swagger-ui-bundle.js', { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' }],
    ['init.js', { text: DOCS_INIT, type: 'text/javascript; charset=utf-8' }],
  ]);
  const cache = new Map<string, string>();

  routes.add(
    {
      operationId: 'getDocs',
      method: 'GET',
      path: '/docs',
      summary: 'Interactive API documentation',
      tags: ['system'],
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
    },
    ({ c }) => c.html(DOCS_HTML),
  );
  routes.add<{ params: { asset: string } }>(
    {
      operationId: 'getDocsAsset',
      method: 'GET',
      path: '/docs/{asset}',
      summary: 'Static asset of the documentation UI',
      tags: ['system'],
      params: { type: 'object', required: ['asset'], properties: { asset: { type: 'string', maxLength: 100 } } },
      responses: { 200: { description: 'Asset' }, 404: { description: 'Unknown asset' } },
    },
    async ({ c, params }) => {
      const name = params.asset;
      const asset = assets.get(name);
      if (!asset) throw new NotFoundError(`no documentation asset ${name.slice(0, 100)}`);
      let content = cache.get(name);
      if (content === undefined) {
        content = asset.text ?? (await readFile(path.join(swaggerDir, asset.file as string), 'utf8'));
        cache.set(name, content);
      }
      return c.body(content, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
    },
  );
}
