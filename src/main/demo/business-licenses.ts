/**
 * @module main/demo/business-licenses
 * Generated licences held by businesses: 营业执照, 食品经营许可证, 药品经营许可证, 道路运输经营许可证
 * and 建设工程规划许可证. Numbers follow each type's printed format with the licence's index in the
 * serial part; validity periods are the legal ones, so older licences have expired by `today`.
 */
import type { BusinessLicenseData } from '../../core/payloads/business-license.js';
import type { ConstructionPlanningPermitData } from '../../core/payloads/construction-planning-permit.js';
import type { DrugBusinessLicenseData } from '../../core/payloads/drug-business-license.js';
import type { FoodBusinessLicenseData } from '../../core/payloads/food-business-license.js';
import type { RoadTransportPermitData } from '../../core/payloads/road-transport-permit.js';
import {
  addDays,
  businessUscc,
  dateBetween,
  fullAddress,
  personName,
  ruralPlace,
  townPlace,
  tradeName,
  validityEnd,
  type EntityKind,
} from './generated-parties.js';
import { assertCapacity, LicenseTypeCodes, type LicenseBuilder, type LicenseContext } from './license-context.js';
import { COMPANY_TRADES, FOOD_ITEMS, INDIVIDUAL_TRADES, PHARMACY_SCOPES, ROAD_SCOPES, SCOPE_SUFFIX } from './trades.js';

const YEAR = 365;
const sex = (ctx: LicenseContext) => (ctx.random.chance(0.6) ? '男' : '女');
const someone = (ctx: LicenseContext) => personName(ctx.random, sex(ctx));
const supervisoryAgency = (short: string) => `新化县市场监督管理局${short}市场监督管理所`;

export const businessLicense: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  const kind: EntityKind = random.chance(0.55) ? 'company' : random.chance(0.9) ? 'individual' : 'cooperative';
  const uscc = businessUscc(random, kind, ctx.index);
  const place = kind === 'cooperative' || random.chance(0.3) ? ruralPlace(random) : townPlace(random);
  const establishedOn = dateBetween(random, addDays(ctx.today, -15 * YEAR), ctx.today);
  const issuedAt = dateBetween(random, establishedOn, ctx.today);
  const trade = tradeName(random);
  let name: string;
  let data: BusinessLicenseData;
  if (kind === 'individual') {
    const shop = random.pick(INDIVIDUAL_TRADES);
    name = `新化县${place.township.name}${trade}${shop.word}`;
    data = {
      entityType: '个体工商户',
      representative: { role: '经营者', name: someone(ctx) },
      establishedOn,
      domicile: fullAddress(place),
      businessScope: shop.scope,
      compositionForm: random.chance(0.8) ? '个人经营' : '家庭经营',
    };
  } else {
    const line = random.pick(COMPANY_TRADES);
    const until = random.chance(0.7) ? undefined : validityEnd(establishedOn, random.pick([20, 30]));
    name = kind === 'cooperative' ? `新化县${trade}${line.word}专业合作社` : `新化县${trade}${line.word}有限公司`;
    data = {
      entityType:
        kind === 'cooperative' ? '农民专业合作社' : random.pick(['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）']),
      representative: { role: '法定代表人', name: someone(ctx) },
      registeredCapital: { amount: random.pick([10, 30, 50, 100, 200, 300, 500, 1000, 2000]), currency: 'CNY' },
      establishedOn,
      operatingPeriod: until ? { from: establishedOn, until } : { from: establishedOn },
      domicile: fullAddress(place),
      businessScope: `${line.scope}${SCOPE_SUFFIX}`,
    };
  }
  return {
    typeCode: LicenseTypeCodes.businessLicense,
    number: uscc,
    name: '营业执照',
    holder: { name, idType: 'USCC', id: uscc },
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    data: data as unknown as Record<string, unknown>,
  };
};

const FOOD_FORMS = [
  { form: '餐饮服务经营者', digit: 2, words: ['土菜馆', '米粉店', '餐馆', '农家乐', '烧烤店', '饭店'], share: 0.6 },
  { form: '食品销售经营者', digit: 1, words: ['便利店', '超市', '副食店', '食品商行', '茶叶店'], share: 0.35 },
  { form: '单位食堂', digit: 3, words: ['学校食堂', '职工食堂'], share: 0.05 },
] as const;

export const foodBusinessLicense: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 9_999_999, '食品经营许可证');
  const roll = random.next();
  const kind =
    roll < FOOD_FORMS[0].share ? FOOD_FORMS[0] : roll < FOOD_FORMS[0].share + FOOD_FORMS[1].share ? FOOD_FORMS[1] : FOOD_FORMS[2];
  const place = random.chance(0.7) ? townPlace(random) : ruralPlace(random);
  const word = random.pick(kind.words);
  const individual = kind.digit !== 3 && random.chance(0.6);
  const name =
    kind.digit === 3
      ? `新化县${tradeName(random)}实业有限公司${word}`
      : individual
        ? `新化县${place.township.name}${tradeName(random)}${word}`
        : `新化县${tradeName(random)}${word}有限公司`;
  const issuedAt = dateBetween(random, addDays(ctx.today, -7 * YEAR), ctx.today);
  const data: FoodBusinessLicenseData = {
    legalRepresentative: someone(ctx),
    domicile: fullAddress(place),
    premises: `${fullAddress(place)}${random.pick(['一楼', '一至二楼', '门面', ''])}`.trim(),
    businessForm: kind.form,
    ...(random.chance(0.3) && kind.digit !== 3
      ? { businessFormRemarks: ['网络经营'] }
      : kind.digit === 3
        ? { businessFormRemarks: [word] }
        : {}),
    businessItems: random.sample(FOOD_ITEMS[kind.form], random.int(1, 3)),
    supervisoryAgency: supervisoryAgency(place.township.short),
    supervisors: [someone(ctx), someone(ctx)],
    complaintPhone: '12315',
    signatory: someone(ctx),
  };
  return {
    typeCode: LicenseTypeCodes.foodBusinessLicense,
    number: `JY${kind.digit}431322${String(ctx.index + 1).padStart(7, '0')}`,
    name: '食品经营许可证',
    holder: { name, idType: 'USCC', id: businessUscc(random, individual ? 'individual' : 'company') },
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    validUntil: validityEnd(issuedAt, 5),
    data: data as unknown as Record<string, unknown>,
  };
};

export const drugBusinessLicense: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 6_999_999, '药品经营许可证');
  const place = random.chance(0.75) ? townPlace(random) : ruralPlace(random);
  const chain = random.chance(0.35);
  const trade = tradeName(random);
  const name = chain ? `新化县${trade}医药连锁有限公司${place.township.short}店` : `新化县${trade}大药房有限公司`;
  const owner = someone(ctx);
  const issuedAt = dateBetween(random, addDays(ctx.today, -7 * YEAR), ctx.today);
  const data: DrugBusinessLicenseData = {
    registeredAddress: fullAddress(place),
    legalRepresentative: owner,
    principal: random.chance(0.7) ? owner : someone(ctx),
    qualityManager: someone(ctx),
    operatingMode: chain ? '零售（连锁）' : '零售',
    businessScope: random.pick(PHARMACY_SCOPES),
    supervisoryAgency: supervisoryAgency(place.township.short),
    complaintPhone: '12315',
  };
  return {
    typeCode: LicenseTypeCodes.drugBusinessLicense,
    // C: chain store (not a legal person, B); D: independent pharmacy (a legal person, A).
    number: `湘${chain ? 'CB' : 'DA'}${3_000_001 + ctx.index}`,
    name: '药品经营许可证',
    holder: { name, idType: 'USCC', id: businessUscc(random, 'company') },
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    validUntil: validityEnd(issuedAt, 5),
    data: data as unknown as Record<string, unknown>,
  };
};

export const roadTransportPermit: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 999_999, '道路运输经营许可证');
  const place = random.chance(0.5) ? townPlace(random) : ruralPlace(random);
  const passenger = random.chance(0.15);
  const word = passenger ? '客运' : random.pick(['物流', '运输', '货运', '汽车运输']);
  const issuedAt = dateBetween(random, addDays(ctx.today, -6 * YEAR), ctx.today);
  const data: RoadTransportPermitData = {
    address: fullAddress(place),
    businessScope: passenger
      ? random.sample(ROAD_SCOPES.passenger, random.int(1, 2))
      : random.sample(ROAD_SCOPES.freight, random.int(1, 3)),
    economicType: random.chance(0.85) ? '私营经济' : random.pick(['股份制经济', '集体经济', '国有经济']),
    principal: someone(ctx),
  };
  return {
    typeCode: LicenseTypeCodes.roadTransportPermit,
    number: `湘交运管许可娄字431322${String(ctx.index + 1).padStart(6, '0')}号`,
    name: '道路运输经营许可证',
    holder: { name: `新化县${tradeName(random)}${word}有限公司`, idType: 'USCC', id: businessUscc(random, 'company') },
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    validUntil: validityEnd(issuedAt, 4),
    data: data as unknown as Record<string, unknown>,
  };
};

const PROJECTS = ['花园', '名苑', '商住楼', '安置小区', '产业园标准厂房', '学校教学楼', '农贸市场', '综合楼'] as const;

export const constructionPlanningPermit: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 99_999, '建设工程规划许可证');
  const issuedAt = dateBetween(random, addDays(ctx.today, -4 * YEAR), ctx.today);
  const place = townPlace(random);
  const trade = tradeName(random);
  const project = random.pick(PROJECTS);
  const above = random.int(3_000, 60_000) + random.int(0, 99) / 100;
  const below = project.includes('厂房') ? 0 : Math.round(above * random.int(5, 20)) / 100;
  const floors = project.includes('厂房') ? random.int(1, 4) : random.int(6, 26);
  const total = Math.round((above + below) * 100) / 100;
  const data: ConstructionPlanningPermitData = {
    projectName: `新化县${trade}${project}${random.pick(['', '一期', '二期', '三期'])}`,
    projectCode: `${issuedAt.slice(2, 4)}${issuedAt.slice(5, 7)}-431322-04-01-${String(random.int(100_000, 999_999))}`,
    location: `新化县${place.township.name}${random.pick(['北塔路', '梅苑路', '上渡大道', '资江大道', '学府路'])}${random.pick(['东侧', '西侧', '南侧', '北侧'])}`,
    scale: { description: `总建筑面积${total}平方米，其中地上${above}平方米、地下${below}平方米；地上${floors}层`, totalFloorArea: total },
    attachments: ['建设工程规划许可证附图（总平面图）', '建设工程设计方案审查意见书'],
  };
  return {
    typeCode: LicenseTypeCodes.constructionPlanningPermit,
    number: `建字第431322${issuedAt.slice(0, 4)}${String(ctx.index + 1).padStart(5, '0')}号`,
    name: '建设工程规划许可证',
    holder: {
      name: `新化县${trade}${random.pick(['房地产开发', '置业', '城市建设投资开发'])}有限公司`,
      idType: 'USCC',
      id: businessUscc(random, 'company'),
    },
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    validUntil: validityEnd(issuedAt, 1),
    data: data as unknown as Record<string, unknown>,
  };
};
