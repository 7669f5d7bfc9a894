import { describe, expect, it } from 'vitest';
import { homePage } from './console-pages.js';
import { zhCN } from './messages/zh-cn.js';
import { SafeHtml } from './html.js';
import { readPresentedForm, readVerifyForm } from './verify-forms.js';
import { presentedFormPage, verifyFormPage } from './verify-pages.js';
import { beijingTime, resultPage, type VerificationOutcome } from './verify-result-page.js';

const TYPES = [{ code: '11100000000013338W011', name: '食品经营许可证' }];
const receipt = (claims: unknown) => `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

function outcome(overrides: Partial<VerificationOutcome> = {}): VerificationOutcome {
  return {
    result: 'valid',
    status: 'valid',
    checks: { integrity: { ok: true }, issuer: { ok: true }, status: { ok: true } },
    license: {
      id: '1.2.156.3005.2.X',
      typeCode: TYPES[0]?.code,
      name: '食品经营许可证',
      number: 'JY1',
      issuer: { uscc: '114313220061234566', name: '新化县<市场>监督管理局' },
      validFrom: '2024-01-01',
      holder: { name: '新*****馆' },
    },
    checkedAt: '2026-11-24T02:23:45.000Z',
    receipt: receipt({ jti: 'r-123' }),
    ...overrides,
  };
}

const page = (o: VerificationOutcome, kind: 'number' | 'presented' = 'number') =>
  resultPage({
    kind,
    outcome: o,
    purpose: { caseNo: 'XH<1>' },
    typeName: () => undefined,
    receiptQr: new SafeHtml('<svg id="qr"></svg>'),
    jwksUrl: 'https://hub.example/.well-known/jwks.json',
    csrfToken: 't',
  }).value;

describe('verification result page', () => {
  it('shows the verdict, every check in its row, the escaped licence, Beijing time and the receipt with its id', () => {
    const html = page(outcome());
    expect(html).toContain('<div class="banner valid" role="status">有效</div>');
    for (const label of ['完整性', '颁发机构', '证照状态'])
      expect(html).toMatch(new RegExp(`<th scope="row">${label}</th><td class="pass">✔ 通过`));
    expect(html).toContain('<th scope="row">持证人</th><td class="skip">— 未核对');
    expect(html).toContain('新化县&lt;市场&gt;监督管理局');
    expect(html).toContain('XH&lt;1&gt;');
    expect(html).toContain('2024-01-01 至 长期');
    expect(html).toContain('2026-11-24 10:23:45（北京时间）');
    expect(html).toContain('<textarea id="receipt" rows="5" readonly>eyJ');
    expect(html).toContain('<code>r-123</code>');
    expect(html).toContain('https://hub.example/.well-known/jwks.json');
  });

  it('names a failing check with its code and the status in Chinese', () => {
    const html = page(
      outcome({
        result: 'invalid',
        status: 'revoked',
        checks: {
          integrity: { ok: true },
          issuer: { ok: true },
          status: { ok: false, code: 'ERR_LICENSE_REVOKED', detail: '证照状态：revoked' },
        },
      }),
    );
    expect(html).toContain('<div class="banner invalid" role="status">无效</div>');
    expect(html).toContain('<td class="fail">✘ 未通过</td><td>证照状态：已吊销 <code>ERR_LICENSE_REVOKED</code></td>');
  });

  it('lists the presented checks, including whether the hub knows the licence', () => {
    const html = page(
      outcome({
        result: 'not_found',
        checks: { known: { ok: false, code: 'ERR_UNKNOWN_TO_HUB', detail: '枢纽中没有' } },
        license: undefined,
        receipt: 'not-a-jwt',
      }),
      'presented',
    );
    expect(html).toContain('未找到');
    expect(html).toContain('<th scope="row">枢纽登记</th><td class="fail">');
    expect(html).toContain('<th scope="row">完整性</th><td class="skip">');
    expect(html).toContain('（无法读取）');
    expect(html).not.toContain('证照信息');
  });

  it('renders Beijing time across midnight', () => {
    expect(beijingTime('2026-11-24T20:00:00.000Z')).toBe('2026-11-25 04:00:00（北京时间）');
  });
});

describe('verification forms', () => {
  it('are offered on the landing page only to roles that may verify; others are told who may', () => {
    const home = (role: 'clerk' | 'auditor') =>
      homePage({ t: zhCN, lang: 'zh-CN', username: 'u', role, csrfToken: 't', path: '/console' }, undefined).value;
    expect(home('clerk')).toContain('<a href="/console/verify">');
    expect(home('clerk')).toContain('<a href="/console/verify/presented">');
    expect(home('auditor')).not.toContain('/console/verify');
    expect(home('auditor')).toContain('证照核验仅限部门管理员、窗口人员为办件使用；您的角色（督查人员）不能核验证照。');
  });

  it('keep the input, mark the wrong field for screen readers and list ambiguous types', () => {
    const html = verifyFormPage({
      csrfToken: 'tok',
      types: TYPES,
      values: {
        caseNo: 'XH"1',
        serviceItem: '',
        licenseId: '',
        number: 'JY1',
        typeCode: TYPES[0]?.code as string,
        holderId: '',
        holderName: '',
      },
      errors: { typeCode: '请选择' },
      candidates: [{ typeCode: 'T1', typeName: undefined, issuer: 'U1' }],
    }).value;
    expect(html).toContain('value="XH&quot;1"');
    expect(html).toContain('name="_csrf" value="tok"');
    expect(html).toMatch(/<select id="typeCode" name="typeCode" aria-invalid="true" aria-describedby="typeCode-error">/);
    expect(html).toContain(`<option value="${TYPES[0]?.code}" selected lang="zh-CN">`);
    expect(html).toContain('未知类型（<code>T1</code>），颁发机构 <code>U1</code>');
    expect(presentedFormPage({ csrfToken: 'tok' }).value).toContain('enctype="multipart/form-data"');
  });

  it('refuse a form without case number or licence, and one naming both identifier and number', () => {
    const empty = readVerifyForm({}, TYPES);
    expect('errors' in empty && Object.keys(empty.errors).sort()).toEqual(['caseNo', 'licenseId']);
    const both = readVerifyForm({ caseNo: 'X', licenseId: 'a', number: 'b' }, TYPES);
    expect('errors' in both && both.errors.licenseId).toBe('证照标识与证照编号只填其一。');
    const foreignType = readVerifyForm({ caseNo: 'X', number: 'b', typeCode: 'nope' }, TYPES);
    expect('errors' in foreignType && foreignType.errors.typeCode).toBeTruthy();
  });

  it('build the use-case request from trimmed fields, holder only when given', () => {
    const read = readVerifyForm({ caseNo: ' XH1 ', number: ' JY1 ', typeCode: TYPES[0]?.code as string, holderName: '张三' }, TYPES);
    expect('request' in read && read.request).toEqual({
      number: 'JY1',
      typeCode: TYPES[0]?.code,
      holder: { name: '张三' },
      purpose: { caseNo: 'XH1' },
    });
  });

  it('take the presented licence from a file, ignoring a BOM and line breaks, and refuse binary or oversized files', () => {
    const file = (content: string | Uint8Array, name = 'licence.jws') => ({
      bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content,
      name: name || undefined,
      mediaType: undefined,
    });
    const read = readPresentedForm({ caseNo: 'XH1', presented: '', file: file('\uFEFFaaa.bbb\n.ccc\n') });
    expect('presented' in read && read.presented).toBe('aaa.bbb.ccc');
    const binary = readPresentedForm({ caseNo: 'XH1', file: file(new Uint8Array([0xff, 0xfe, 0xfd])) });
    expect('errors' in binary && binary.errors.file).toContain('文本文件');
    const large = readPresentedForm({ caseNo: 'XH1', file: file('x'.repeat(2 * 1024 * 1024)) });
    expect('errors' in large && large.errors.file).toContain('1 MiB');
    const both = readPresentedForm({ caseNo: 'XH1', presented: 'ZZ1:x:y', file: file('a') });
    expect('errors' in both && both.errors.presented).toBeTruthy();
    // Browsers send an empty, unnamed file part when no file was chosen.
    const none = readPresentedForm({ caseNo: '', presented: '', file: file('', '') });
    expect('errors' in none && Object.keys(none.errors).sort()).toEqual(['caseNo', 'presented']);
  });
});
