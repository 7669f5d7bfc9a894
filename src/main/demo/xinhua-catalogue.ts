/**
 * @module main/demo/xinhua-catalogue
 * 新化县's 两个清单 for the demo: service items over the demo departments whose materials point at
 * the demo licence types (so the material check has something to find), with the paper-only,
 * document and commitment materials a real window still asks for, 容缺 where the county allows it,
 * and the statutory fees of 不动产登记. Time limits follow the county's promises (承诺时限), within
 * the 最多一个月 caps.
 */
import type { ServiceItem } from '../../core/catalogue/service-item.js';
import { LicenseTypeCodes as T } from './license-context.js';

type Material = ServiceItem['materials'][number];
type Authority = ServiceItem['leadDepartment'];

const D = {
  approval: { uscc: '11431322MB1E48273Y', name: '新化县行政审批服务局' },
  market: { uscc: '114313220061234566', name: '新化县市场监督管理局' },
  land: { uscc: '11431322MB1D23456B', name: '新化县自然资源局' },
  civil: { uscc: '11431322006123460L', name: '新化县民政局' },
  transport: { uscc: '11431322006123479H', name: '新化县交通运输局' },
  disabled: { uscc: '13431322006125087X', name: '新化县残疾人联合会' },
  labour: { uscc: '11431322MB1C60894N', name: '新化县人力资源和社会保障局' },
  shangmei: { uscc: '114313220061235191', name: '新化县上梅街道办事处' },
  yangxi: { uscc: '11431322006123527U', name: '新化县洋溪镇人民政府' },
  guangming: { uscc: '54431322MEA0753217', name: '新化县洋溪镇光明村民委员会' },
} satisfies Record<string, Authority>;

const licence = (code: string, name: string, typeCode: string, required = true): Material => ({
  code,
  name,
  required,
  form: '原件或电子件',
  copies: 1,
  source: { kind: 'license', typeCode },
});
const paper = (code: string, name: string, toleranceDays?: number): Material => ({
  code,
  name,
  required: true,
  form: '原件',
  copies: 1,
  source: { kind: 'paper' },
  ...(toleranceDays ? { tolerance: { withinDays: toleranceDays } } : {}),
});
const document = (code: string, name: string, documentKind: string): Material => ({
  code,
  name,
  required: true,
  form: '原件或电子件',
  copies: 1,
  source: { kind: 'document', documentKind },
});
const commitment = (code: string, name: string): Material => ({
  code,
  name,
  required: true,
  form: '原件',
  copies: 1,
  source: { kind: 'commitment' },
});

const REGISTRATION_FEE = {
  name: '不动产登记费（住宅类）',
  amountYuan: '80',
  basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
};

type Base = Pick<ServiceItem, 'leadDepartment' | 'level' | 'window' | 'kind'> & Partial<ServiceItem>;

function item(
  code: string,
  name: string,
  base: Base,
  days: [statutory: number, promised: number],
  legalBasis: string,
  materials: Material[],
): ServiceItem {
  return {
    code,
    name,
    handlingMode: days[1] === 0 ? '即来即办' : '承诺件',
    statutoryDays: days[0],
    promisedDays: days[1],
    reformStatus: '可以做到',
    legalBasis,
    materials,
    fees: [],
    ...base,
  };
}

const business = { leadDepartment: D.approval, level: 'county', window: '商事登记', kind: '行政许可' } as const;
const food = { ...business, participatingDepartments: [D.market] };
const land: Base = { leadDepartment: D.land, level: 'county', window: '不动产登记', kind: '行政确认', fees: [REGISTRATION_FEE] };
const social = { level: 'county', window: '社会事务' } as const;
const FOOD_LAW = '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》';
const REGISTRATION_LAW = '《中华人民共和国市场主体登记管理条例》';
const PROPERTY_LAW = '《不动产登记暂行条例》及其实施细则';

export const XINHUA_CATALOGUE: readonly ServiceItem[] = [
  item(
    'XH-SC-0001',
    '食品经营许可（新办）',
    { ...food, conditions: '具有与经营的食品品种、数量相适应的经营场所和设备设施，有食品安全管理人员和管理制度。' },
    [20, 5],
    FOOD_LAW,
    [
      licence('M1', '营业执照', T.businessLicense),
      paper('M2', '食品安全管理制度', 5),
      paper('M3', '经营场所平面布局图和设备布局、工艺流程图'),
      commitment('M4', '食品经营许可告知承诺书'),
    ],
  ),
  item('XH-SC-0002', '食品经营许可（变更）', food, [20, 3], FOOD_LAW, [
    licence('M1', '食品经营许可证', T.foodBusinessLicense),
    licence('M2', '营业执照', T.businessLicense),
    paper('M3', '变更事项说明'),
  ]),
  item('XH-SC-0003', '食品经营许可（延续）', food, [20, 3], FOOD_LAW, [
    licence('M1', '食品经营许可证', T.foodBusinessLicense),
    licence('M2', '营业执照', T.businessLicense),
    commitment('M3', '经营条件未发生变化的承诺书'),
  ]),
  item('XH-SC-0004', '个体工商户设立登记', { ...business, kind: '行政确认' }, [15, 0], `${REGISTRATION_LAW}；《促进个体工商户发展条例》`, [
    paper('M1', '经营者身份证明'),
    commitment('M2', '经营场所使用承诺'),
  ]),
  item('XH-SC-0005', '企业设立登记', { ...business, kind: '行政确认' }, [3, 1], REGISTRATION_LAW, [
    paper('M1', '公司章程'),
    paper('M2', '法定代表人、董事、监事和高级管理人员的任职文件'),
    commitment('M3', '住所（经营场所）使用承诺'),
  ]),
  item('XH-SC-0006', '企业变更登记', { ...business, kind: '行政确认' }, [3, 1], REGISTRATION_LAW, [
    licence('M1', '营业执照', T.businessLicense),
    paper('M2', '变更决议或决定'),
  ]),
  item('XH-SC-0007', '企业注销登记', { ...business, kind: '行政确认' }, [3, 1], REGISTRATION_LAW, [
    licence('M1', '营业执照', T.businessLicense),
    paper('M2', '清算报告'),
  ]),
  item(
    'XH-SC-0008',
    '药品零售企业经营许可（新办）',
    food,
    [30, 15],
    '《中华人民共和国药品管理法》第五十一条；《药品经营和使用质量监督管理办法》',
    [licence('M1', '营业执照', T.businessLicense), paper('M2', '执业药师注册证'), paper('M3', '药品质量管理文件', 10)],
  ),
  item('XH-SC-0009', '药品经营许可证变更', food, [15, 5], '《药品经营和使用质量监督管理办法》', [
    licence('M1', '药品经营许可证', T.drugBusinessLicense),
    licence('M2', '营业执照', T.businessLicense),
  ]),
  item('XH-BDC-0001', '不动产转移登记', land, [30, 5], PROPERTY_LAW, [
    licence('M1', '不动产权证书', T.realEstateTitle),
    document('M2', '不动产买卖合同', '不动产买卖合同'),
    document('M3', '完税凭证', '完税证明'),
    paper('M4', '申请人身份证明'),
  ]),
  item('XH-BDC-0002', '不动产抵押登记', land, [30, 3], PROPERTY_LAW, [
    licence('M1', '不动产权证书', T.realEstateTitle),
    document('M2', '抵押合同', '抵押合同'),
    document('M3', '主债权合同', '借款合同'),
  ]),
  item('XH-BDC-0003', '国有建设用地使用权及房屋所有权首次登记', land, [30, 10], PROPERTY_LAW, [
    licence('M1', '建设工程规划许可证', T.constructionPlanningPermit),
    paper('M2', '竣工验收材料'),
    paper('M3', '房屋测绘报告', 5),
  ]),
  item(
    'XH-GH-0001',
    '建设工程规划许可',
    { leadDepartment: D.land, level: 'county', window: '投资项目', kind: '行政许可' },
    [20, 10],
    '《中华人民共和国城乡规划法》第四十条',
    [licence('M1', '营业执照', T.businessLicense), document('M2', '用地批准文件', '用地批准书'), paper('M3', '建设工程设计方案')],
  ),
  item(
    'XH-JT-0001',
    '道路货物运输经营许可',
    { leadDepartment: D.transport, level: 'county', window: '商事登记', kind: '行政许可' },
    [20, 10],
    '《中华人民共和国道路运输条例》第二十四条',
    [licence('M1', '营业执照', T.businessLicense), paper('M2', '车辆行驶证'), paper('M3', '驾驶人员从业资格证', 5)],
  ),
  item(
    'XH-JT-0002',
    '道路运输经营许可证变更',
    { leadDepartment: D.transport, level: 'county', window: '商事登记', kind: '行政许可' },
    [10, 3],
    '《道路货物运输及站场管理规定》',
    [licence('M1', '道路运输经营许可证', T.roadTransportPermit), licence('M2', '营业执照', T.businessLicense)],
  ),
  item(
    'XH-MZ-0001',
    '内地居民结婚登记',
    { ...social, leadDepartment: D.civil, kind: '行政确认' },
    [0, 0],
    '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》',
    [paper('M1', '本人居民身份证'), commitment('M2', '无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明')],
  ),
  item(
    'XH-MZ-0002',
    '内地居民离婚登记',
    { ...social, leadDepartment: D.civil, kind: '行政确认' },
    [30, 30],
    '《中华人民共和国民法典》第一千零七十六条；《婚姻登记条例》',
    [licence('M1', '结婚证', T.marriageCertificate), paper('M2', '离婚协议书'), paper('M3', '本人居民身份证')],
  ),
  item(
    'XH-MZ-0003',
    '最低生活保障审核确认',
    { ...social, level: 'township', leadDepartment: D.shangmei, participatingDepartments: [D.civil], kind: '行政给付' },
    [30, 6],
    '《社会救助暂行办法》；《最低生活保障审核确认办法》',
    [
      paper('M1', '户口簿'),
      commitment('M2', '家庭经济状况核对授权书'),
      licence('M3', '残疾人证（家庭成员有残疾的）', T.disabilityCertificate, false),
    ],
  ),
  item(
    'XH-CL-0001',
    '残疾人两项补贴申请',
    { ...social, level: 'township', leadDepartment: D.yangxi, participatingDepartments: [D.disabled], kind: '行政给付' },
    [20, 6],
    '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
    [licence('M1', '中华人民共和国残疾人证', T.disabilityCertificate), paper('M2', '户口簿'), commitment('M3', '补贴发放账户承诺')],
  ),
  item(
    'XH-CL-0002',
    '残疾人证新办',
    { ...social, leadDepartment: D.disabled, kind: '行政确认' },
    [20, 10],
    '《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》',
    [paper('M1', '本人居民身份证'), document('M2', '残疾评定表', '残疾评定表'), paper('M3', '近期两寸免冠彩色照片', 3)],
  ),
  item(
    'XH-RS-0001',
    '灵活就业人员参加企业职工基本养老保险登记',
    { ...social, leadDepartment: D.labour, kind: '公共服务' },
    [5, 0],
    '《中华人民共和国社会保险法》第十条',
    [paper('M1', '本人居民身份证')],
  ),
  item('XH-RS-0002', '创业担保贷款申请', { ...social, leadDepartment: D.labour, kind: '公共服务' }, [15, 5], '《创业担保贷款实施细则》', [
    licence('M1', '营业执照', T.businessLicense),
    paper('M2', '创业计划书', 5),
  ]),
  item(
    'XH-CW-0001',
    '农村村民住宅建设申请（村级审查）',
    { level: 'village', leadDepartment: D.guangming, participatingDepartments: [D.yangxi], window: '社会事务', kind: '公共服务' },
    [20, 5],
    '《中华人民共和国土地管理法》第六十二条',
    [
      paper('M1', '农村宅基地和建房（规划许可）申请表'),
      paper('M2', '户口簿'),
      licence('M3', '不动产权证书（原有宅基地的）', T.realEstateTitle, false),
    ],
  ),
];
