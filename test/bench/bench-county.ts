/**
 * The benchmark's departments, enrolled through the hub's HTTP API as a county would do it:
 * registered, given a seal certificate for a key generated here, and granted every licence type.
 * The first ten are the demo county's; the rest are township offices of 新化县 with generated
 * (valid) credit codes.
 */
import { usccCheckChar } from '../../src/core/identifiers/uscc.js';
import { LicenseTypeCodes } from '../../src/main/demo/license-context.js';
import { generateDepartmentKey } from '../../src/main/demo/department-keys.js';
import { XINHUA_DEPARTMENTS } from '../../src/main/demo/xinhua-county.js';
import { TOWNSHIPS } from '../../src/main/demo/xinhua-places.js';
import { pemToX5c } from '../../src/pki/jws/sealed-jws-signer.js';

export interface BenchDepartment {
  uscc: string;
  name: string;
  /** Unencrypted PKCS#8 PEM: lives only in this process and its sealing workers. */
  keyPem: string;
  x5c: string[];
}

const OFFICES = ['人民政府', '便民服务中心', '综合行政执法大队'] as const;

function departmentAt(index: number): { uscc: string; name: string; level: string } {
  const demo = XINHUA_DEPARTMENTS[index];
  if (demo) return { uscc: demo.uscc, name: demo.name, level: demo.level };
  const n = index - XINHUA_DEPARTMENTS.length;
  const township = TOWNSHIPS[n % TOWNSHIPS.length] as (typeof TOWNSHIPS)[number];
  const first17 = `11431322MB2${String(n).padStart(6, '0')}`;
  return {
    uscc: first17 + usccCheckChar(first17),
    name: `新化县${township.name}${OFFICES[Math.floor(n / TOWNSHIPS.length) % OFFICES.length]}`,
    level: 'township',
  };
}

export async function enrolBenchCounty(hubUrl: string, adminToken: string, count: number): Promise<BenchDepartment[]> {
  const call = async (method: string, path: string, body: unknown, expected: number) => {
    const response = await fetch(`${hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, string>>;
  };
  const enrolled: BenchDepartment[] = [];
  for (let i = 0; i < count; i++) {
    const department = departmentAt(i);
    await call('POST', '/v1/departments', department, 201);
    const key = await generateDepartmentKey();
    const issued = await call(
      'POST',
      '/v1/pki/certificates',
      {
        csr: key.csr,
        profile: 'seal',
        department: department.uscc,
        seal: { name: `${department.name}电子证照专用章`, kind: '电子证照专用章' },
      },
      201,
    );
    for (const code of Object.values(LicenseTypeCodes))
      await call('POST', `/v1/license-types/${code}/issuers`, { department: department.uscc }, 201);
    enrolled.push({
      uscc: department.uscc,
      name: department.name,
      keyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      x5c: pemToX5c(`${issued.certificate}${issued.chain}`).slice(0, 2),
    });
  }
  return enrolled;
}
