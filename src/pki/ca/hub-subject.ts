/**
 * @module pki/ca/hub-subject
 * Certificate subjects are built by the hub from the department record, never copied from a CSR:
 * C=CN, O=<department name>, organizationIdentifier (2.5.4.97) = 统一社会信用代码, CN=<seal or
 * system name>. `readHubSubject` is the inverse the verifiers use to tie a certificate to a department.
 */
import { CertificateSubjectInvalidError } from '../../core/pki-errors.js';
import { validateUscc, assertUscc } from '../../core/identifiers/uscc.js';
import * as x509 from '../x509.js';

export const ORGANIZATION_IDENTIFIER_OID = '2.5.4.97';
/** X.520 upper bounds for organizationName and commonName. */
const MAX_NAME_LENGTH = 64;

export interface HubSubjectInput {
  departmentName: string;
  uscc: string;
  /** CN of a seal certificate, e.g. 新化县市场监督管理局行政审批专用章. */
  sealName?: string;
  /** CN of a system certificate, e.g. 食品经营许可审批系统. */
  systemName?: string;
}

export interface HubSubject {
  departmentName: string;
  uscc: string;
  commonName: string;
}

export function buildHubSubject(input: HubSubjectInput, profile: 'seal' | 'system'): x509.Name {
  assertUscc(input.uscc);
  const commonName = profile === 'seal' ? input.sealName : input.systemName;
  const field = profile === 'seal' ? 'sealName' : 'systemName';
  checkText(input.departmentName, 'departmentName');
  checkText(commonName, field);
  return new x509.Name([
    { C: ['CN'] },
    { O: [input.departmentName] },
    { [ORGANIZATION_IDENTIFIER_OID]: [input.uscc] },
    { CN: [commonName as string] },
  ]);
}

/** The hub attributes of a certificate subject, or `undefined` if it was not built by `buildHubSubject`. */
export function readHubSubject(certificate: x509.X509Certificate): HubSubject | undefined {
  const name = certificate.subjectName;
  const [departmentName] = name.getField('O');
  const [uscc] = name.getField(ORGANIZATION_IDENTIFIER_OID);
  const [commonName] = name.getField('CN');
  if (departmentName === undefined || uscc === undefined || commonName === undefined) return undefined;
  if (!validateUscc(uscc).ok) return undefined;
  return { departmentName, uscc, commonName };
}

function checkText(value: string | undefined, field: string): void {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length === 0 || trimmed !== value || Array.from(trimmed).length > MAX_NAME_LENGTH) {
    throw new CertificateSubjectInvalidError(`${field} 不能为空、首尾不能有空白，且不超过 ${MAX_NAME_LENGTH} 个字符`, {
      extra: { field },
    });
  }
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new CertificateSubjectInvalidError(`${field} 不能包含控制字符`, { extra: { field } });
  }
}
