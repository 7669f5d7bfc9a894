/**
 * @module http/routes/license-routes
 * Publication and lifecycle of licences over HTTP: sealed JWS in (`application/jose`), coded
 * problems out. Reading a licence in full is for its issuing department; verification for others
 * is `/v1/verifications`.
 */
import type { Principal } from '../../core/auth/principal.js';
import { ContractIds } from '../../core/contracts/contract-ids.js';
import { beijingDate, currentStatus, type LicenseRecord } from '../../core/licenses/license.js';
import { readLicense } from '../../core/licenses/read-license.js';
import { jwsPayload } from '../../core/verification/stored-integrity.js';
import type { PublishOutcome } from '../../core/licenses/publish-licenses.js';
import type { HistoryEntry, LicenseRepository } from '../../core/ports/license-repository.js';
import type { RouteRegistry } from '../route.js';

export interface LicenseRouteDeps {
  publish(caller: Principal, jws: string): Promise<PublishOutcome>;
  changeStatus(
    caller: Principal,
    id: string,
    jws: string,
  ): Promise<{ id: string; status: string; version: number; previousStatus: string }>;
  licenses: Pick<LicenseRepository, 'find' | 'history'>;
  /** A new licence-row MAC key (audited; earlier keys keep verifying the rows they MACed). */
  rotateRowMacKey(): Promise<{ kid: string }>;
  now(): Date;
}

const JOSE = {
  'application/jose': { type: 'string', description: 'Compact JWS sealed with the department seal certificate (x5c)' },
} as const;
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: 'GB/T 36904 identifier' } },
} as const;
type IdParams = { params: { id: string } };
const ANSWER = {
  type: 'object',
  required: ['id', 'status', 'version'],
  properties: {
    id: {
      type: 'string',
      description: 'GB/T 36904 identifier',
      examples: ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U'],
    },
    status: { type: 'string' },
    version: { type: 'integer', description: 'Record revision: 1 on issue, +1 per status change' },
  },
};

export function registerLicenseRoutes(routes: RouteRegistry, deps: LicenseRouteDeps): void {
  const readable = (caller: Principal, id: string): Promise<LicenseRecord> => readLicense(deps.licenses, caller, id);

  routes.add<{ body: string }>(
    {
      operationId: 'publishLicense',
      method: 'POST',
      path: '/v1/licenses',
      summary: 'Publish a sealed licence (typ zz-license+jws); the same JWS again answers 200',
      tags: ['licences'],
      body: JOSE,
      responses: {
        201: { description: 'Stored', schema: ANSWER },
        200: { description: 'Already stored (same JWS)', schema: ANSWER },
        409: { description: 'Same identifier, other content' },
      },
    },
    async ({ c, caller, body }) => {
      const outcome = await deps.publish(caller, body);
      if (!outcome.ok) throw outcome.error;
      const { id, status, version } = outcome.license;
      return c.json({ id, status, version }, outcome.created ? 201 : 200);
    },
  );

  routes.add<IdParams>(
    {
      operationId: 'getLicense',
      method: 'GET',
      path: '/v1/licenses/{id}',
      summary: 'A licence record with its original sealed JWS (issuing department)',
      tags: ['licences'],
      params: ID_PARAMS,
      responses: {
        200: {
          description: 'The licence',
          schema: {
            type: 'object',
            required: ['id', 'typeCode', 'number', 'status', 'version', 'payload', 'jws'],
            properties: {
              id: ANSWER.properties.id,
              typeCode: { type: 'string' },
              number: { type: 'string' },
              issuer: { type: 'object', properties: { uscc: { type: 'string' }, name: { type: 'string' } } },
              status: { type: 'string' },
              version: ANSWER.properties.version,
              idVersion: { type: 'integer', description: 'The version part of the identifier' },
              payload: { $ref: ContractIds.licenseEnvelope, description: 'The sealed payload' },
              jws: { type: 'string', description: 'The compact JWS as published' },
              replaces: { type: 'string' },
              replacedBy: { type: 'string' },
              createdAt: { type: 'string', format: 'date-time' },
              updatedAt: { type: 'string', format: 'date-time' },
            },
          },
        },
        404: { description: 'Unknown licence' },
      },
    },
    async ({ c, caller, params }) => {
      const license = await readable(caller, params.id);
      return c.json({
        id: license.id,
        typeCode: license.typeCode,
        number: license.number,
        issuer: license.issuer,
        status: currentStatus(license, beijingDate(deps.now())),
        version: license.revision,
        idVersion: license.idVersion,
        // The sealed payload itself, not the row's copy of it: the copy feeds no answer.
        payload: jwsPayload(license.jws),
        jws: license.jws,
        ...(license.replaces ? { replaces: license.replaces } : {}),
        ...(license.replacedBy ? { replacedBy: license.replacedBy } : {}),
        createdAt: license.createdAt.toISOString(),
        updatedAt: license.updatedAt.toISOString(),
      });
    },
  );

  routes.add<IdParams>(
    {
      operationId: 'getLicenseHistory',
      method: 'GET',
      path: '/v1/licenses/{id}/history',
      summary: 'Every status a licence has had, with the sealed changes (issuing department)',
      tags: ['licences'],
      params: ID_PARAMS,
      responses: { 200: { description: 'History, oldest first' } },
    },
    async ({ c, caller, params }) => {
      const license = await readable(caller, params.id);
      const items = (await deps.licenses.history(license.id)).map((h: HistoryEntry) => ({ ...h, at: h.at.toISOString() }));
      return c.json({ items });
    },
  );

  routes.add<IdParams & { body: string }>(
    {
      operationId: 'changeLicenseStatus',
      method: 'POST',
      path: '/v1/licenses/{id}/status',
      summary: 'Sealed status change by the issuer (typ zz-license-status+jws): suspend, reinstate, revoke, cancel',
      tags: ['licences'],
      params: ID_PARAMS,
      body: JOSE,
      responses: { 200: { description: 'Applied', schema: ANSWER }, 409: { description: 'Illegal transition' } },
    },
    async ({ c, caller, params, body }) => c.json(await deps.changeStatus(caller, params.id, body)),
  );

  routes.add(
    {
      operationId: 'rotateLicenseRowKey',
      method: 'POST',
      path: '/v1/licenses/integrity-keys/rotate',
      summary: 'Start MACing licence rows with a new key; rows MACed under earlier keys keep verifying until the seal sweep re-MACs them',
      tags: ['licences'],
      responses: { 200: { description: 'The new key id' } },
    },
    async ({ c }) => c.json(await deps.rotateRowMacKey()),
  );
}
