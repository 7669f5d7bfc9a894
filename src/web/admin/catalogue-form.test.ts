import { describe, expect, it } from 'vitest';
import type { Department } from '../../core/departments/department.js';
import { zhCN } from '../messages/zh-cn.js';
import { itemForm, readItemForm } from './catalogue-form.js';

const LEAD: Department = {
  uscc: '114313220061234566',
  name: '新化县市场监督管理局',
  level: 'county',
  active: true,
  createdAt: new Date(0),
};
const OTHER: Department = { uscc: '91350100M000100Y43', name: '新化县<卫健>局', level: 'county', active: true, createdAt: new Date(0) };
const view = {
  t: zhCN,
  lang: 'zh-CN' as const,
  username: 'a',
  role: 'security-admin' as const,
  csrfToken: 'tok',
  path: '/console/admin/catalogue/item',
};

describe('catalogue editor form', () => {
  it('reads materials and fees from their rows, leaves empty rows out and keeps a non-number for the contract to name', () => {
    const item = readItemForm(
      {
        code: ' XH-SC-0901 ',
        name: '食品经营许可（新办）',
        kind: '行政许可',
        leadDepartment: LEAD.uscc,
        [`participating-${OTHER.uscc}`]: 'yes',
        [`participating-${LEAD.uscc}`]: 'yes',
        level: 'county',
        handlingMode: '承诺件',
        statutoryDays: '20',
        promisedDays: 'ten',
        reformStatus: '可以做到',
        window: '商事登记',
        legalBasis: '《食品安全法》',
        'm0-code': 'M1',
        'm0-name': '营业执照',
        'm0-required': 'yes',
        'm0-form': '电子件',
        'm0-copies': '1',
        'm0-source': 'license',
        'm0-detail': '11100000000013338W011',
        'm1-code': '',
        'm1-name': '',
        'm1-source': 'paper',
        'm2-code': 'M3',
        'm2-name': '承诺书',
        'm2-form': '原件',
        'm2-copies': '2',
        'm2-source': 'commitment',
        'm2-tolerance': '5',
        'f0-name': '工本费',
        'f0-amountYuan': '10.00',
        'f0-basis': '县发改〔2024〕1号',
        'f1-name': '',
      },
      [LEAD, OTHER],
    );
    expect(item).toEqual({
      code: 'XH-SC-0901',
      name: '食品经营许可（新办）',
      kind: '行政许可',
      leadDepartment: { uscc: LEAD.uscc, name: LEAD.name },
      // The lead is never also a participant.
      participatingDepartments: [{ uscc: OTHER.uscc, name: OTHER.name }],
      level: 'county',
      handlingMode: '承诺件',
      statutoryDays: 20,
      promisedDays: 'ten',
      reformStatus: '可以做到',
      window: '商事登记',
      legalBasis: '《食品安全法》',
      materials: [
        {
          code: 'M1',
          name: '营业执照',
          required: true,
          form: '电子件',
          copies: 1,
          source: { kind: 'license', typeCode: '11100000000013338W011' },
        },
        {
          code: 'M3',
          name: '承诺书',
          required: false,
          form: '原件',
          copies: 2,
          source: { kind: 'commitment' },
          tolerance: { withinDays: 5 },
        },
      ],
      fees: [{ name: '工本费', amountYuan: '10.00', basis: '县发改〔2024〕1号' }],
    });
  });

  it('renders every field with a label, the item’s rows and spare ones, escaped, with the anti-CSRF token', () => {
    const page = itemForm(
      view,
      {
        code: 'XH-1',
        name: '<script>x</script>',
        materials: [{ code: 'M1', name: '"quoted"', required: true, form: '原件', copies: 1, source: { kind: 'paper' } }],
        fees: [],
      },
      [LEAD, OTHER],
    ).value;
    expect(page).toContain('name="_csrf" value="tok"');
    expect(page).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(page).toContain('value="&quot;quoted&quot;"');
    expect(page).toContain('新化县&lt;卫健&gt;局');
    expect(page).toContain('id="m2-code"');
    expect(page).not.toContain('id="m3-code"');
    expect(page).toContain('id="f1-name"');
    const ids = [...page.matchAll(/<(?:input|select) [^>]*id="([^"]+)"/g)].map((m) => m[1]);
    const labelled = new Set([...page.matchAll(/<label [^>]*for="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.filter((id) => !labelled.has(id))).toEqual([]);
  });
});
