/**
 * The hub's own API documents, as served, read by the tools clients use: Redocly's recommended
 * lint for /openapi.json and the official AsyncAPI parser for /asyncapi.json — both offline, since
 * every contract is bundled into the document. And the route declarations reach the document:
 * path and query parameters and every body media type.
 */
import { Parser } from '@asyncapi/parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

describe('API documents', () => {
  let fixture: HubFixture;
  let openapi: any;

  beforeAll(async () => {
    fixture = await startHubFixture();
    openapi = await (await fetch(`${fixture.hub.url}/openapi.json`)).json();
  });
  afterAll(async () => fixture?.stop());

  it('/openapi.json passes the recommended Redocly lint with no error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(openapi), absoluteRef: `${fixture.hub.url}/openapi.json`, config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(openapi.info.license).toEqual({ name: 'Apache-2.0', identifier: 'Apache-2.0' });
    expect(JSON.stringify(openapi)).not.toContain('"$ref":"https://');
  });

  it('/asyncapi.json passes the official AsyncAPI parser with no error', async () => {
    const text = await (await fetch(`${fixture.hub.url}/asyncapi.json`)).text();
    const { diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('/')}: ${d.message}`)).toEqual([]);
  });

  it('lists the path and query parameters and the body media types the routes declare', () => {
    const parameters = (path: string, method: string) =>
      Object.fromEntries(
        (openapi.paths[path][method].parameters as { name: string; in: string; required: boolean; schema: any }[]).map((p) => [
          `${p.in}:${p.name}`,
          { required: p.required, type: p.schema.type ?? p.schema.enum },
        ]),
      );
    expect(parameters('/v1/audit', 'get')).toMatchObject({
      'query:limit': { required: false, type: 'integer' },
      'query:after': { required: false, type: 'string' },
      'query:holderId': { required: false, type: 'string' },
      'query:from': { required: false, type: 'string' },
    });
    expect(parameters('/v1/departments', 'get')).toEqual({
      'query:active': { required: false, type: 'boolean' },
      'query:level': { required: false, type: 'string' },
    });
    expect(parameters('/v1/verifications/presented', 'post')).toEqual({
      'query:caseNo': { required: true, type: 'string' },
      'query:serviceItem': { required: false, type: 'string' },
    });
    expect(parameters('/v1/pki/certificates/{serial}/revoke', 'post')).toEqual({ 'path:serial': { required: true, type: 'string' } });
    expect(Object.keys(openapi.paths['/v1/verifications/presented'].post.requestBody.content)).toEqual(['application/jose', 'text/plain']);
    expect(Object.keys(openapi.paths['/v1/documents'].post.requestBody.content)).toEqual(['application/jose', 'multipart/form-data']);
    expect(Object.keys(openapi.paths['/v1/documents/verify'].post.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
    expect(openapi.paths['/console/verify'].post.security).toEqual([{ consoleSession: [] }]);
  });

  it('declares every path parameter of every route', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(
      openapi.paths as Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>,
    )) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        if (names.join() !== declared.join()) missing.push(`${method} ${path}: ${declared.join() || 'none'}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
