/**
 * @module main/demo/personal-licenses
 * Generated licences held by people: 不动产权证书, 结婚证 and 残疾人证. Ages are plausible (legal
 * marriage age, born before the date of issue), and a 残疾人证 number — the holder's ID number plus
 * category and grade — is unique because the holder is drawn from the licence's index.
 */
import type { DisabilityCertificateData } from '../../core/payloads/disability-certificate.js';
import type { MarriageCertificateData, MarriageCertificateSpouse } from '../../core/payloads/marriage-certificate.js';
import type { RealEstateTitleData, RealEstateTitleRightHolder } from '../../core/payloads/real-estate-title.js';
import {
  addDays,
  dateBetween,
  flatPlace,
  fullAddress,
  mobilePhone,
  person,
  personName,
  ruralPlace,
  uniquePerson,
  validityEnd,
  type Person,
} from './generated-parties.js';
import { assertCapacity, LicenseTypeCodes, type LicenseBuilder } from './license-context.js';

const YEAR = 365;
const yearsBefore = (date: string, years: number) => addDays(date, -Math.round(years * YEAR));
const party = (p: Person) => ({ name: p.name, idType: 'ID' as const, id: p.id });

export const realEstateTitle: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 9_999_999, '不动产权证书');
  const issuedAt = dateBetween(random, yearsBefore(ctx.today, 8), ctx.today);
  const owner = person(random, yearsBefore(issuedAt, 70), yearsBefore(issuedAt, 22));
  const spouse = person(random, yearsBefore(owner.birthDate, 3), addDays(owner.birthDate, 3 * YEAR), owner.sex === '男' ? '女' : '男');
  const ownership = random.pick(['单独所有', '共同共有', '共同共有', '按份共有'] as const);
  const holders: RealEstateTitleRightHolder[] =
    ownership === '单独所有'
      ? [party(owner)]
      : ownership === '共同共有'
        ? [party(owner), party(spouse)]
        : [
            { ...party(owner), share: '50%' },
            { ...party(spouse), share: '50%' },
          ];
  const urban = random.chance(0.65);
  const district = `${String(random.int(1, 30)).padStart(3, '0')}${String(random.int(1, 20)).padStart(3, '0')}`;
  const parcel = String(random.int(1, 99_999)).padStart(5, '0');
  let data: RealEstateTitleData;
  if (urban) {
    const flat = flatPlace(random);
    const building = random.int(60, 180) + random.int(0, 99) / 100;
    const shared = Math.round(building * random.int(8, 15)) / 100;
    const termFrom = yearsBefore(issuedAt, random.int(1, 12));
    data = {
      rightHolders: holders,
      coOwnership: ownership,
      location: `新化县${flat.local}`,
      unitNumber: `431322${district}GB${parcel}F${String(flat.building).padStart(4, '0')}${flat.room.padStart(4, '0')}`,
      rightType: '国有建设用地使用权/房屋所有权',
      rightNature: random.pick(['出让/市场化商品房', '出让/存量房', '划拨/房改房']),
      use: '城镇住宅用地/住宅',
      area: { land: random.int(2_000, 20_000) + random.int(0, 99) / 100, building },
      termOfUse: { from: termFrom, until: validityEnd(termFrom, 70) },
      otherConditions: `专有建筑面积：${Math.round((building - shared) * 100) / 100}㎡，分摊建筑面积：${shared}㎡；房屋结构：钢筋混凝土结构；总层数：${Math.max(flat.floor, random.int(6, 26))}；所在层：${flat.floor}`,
    };
  } else {
    const place = ruralPlace(random);
    data = {
      rightHolders: holders,
      coOwnership: ownership,
      location: `新化县${place.local}`,
      unitNumber: `431322${district}JC${parcel}F${String(random.int(1, 99_999_999)).padStart(8, '0')}`,
      rightType: '宅基地使用权/房屋所有权',
      rightNature: '批准拨用/自建房',
      use: '农村宅基地/住宅',
      area: { land: random.int(80, 200), building: random.int(90, 360) + random.int(0, 99) / 100 },
      otherConditions: `房屋结构：${random.pick(['砖混结构', '钢筋混凝土结构', '砖木结构'])}；总层数：${random.int(1, 4)}`,
    };
  }
  return {
    typeCode: LicenseTypeCodes.realEstateTitle,
    number: `湘（${issuedAt.slice(0, 4)}）新化县不动产权第${String(ctx.index + 1).padStart(7, '0')}号`,
    name: '不动产权证书',
    holder: party(owner),
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    data: data as unknown as Record<string, unknown>,
  };
};

export const marriageCertificate: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 999_999, '结婚证');
  const registeredOn = dateBetween(random, yearsBefore(ctx.today, 8), ctx.today);
  // Legal minimum ages: 22 for men, 20 for women (民法典 第一千零四十七条).
  const husband = person(random, yearsBefore(registeredOn, 45), yearsBefore(registeredOn, 22), '男');
  const wife = person(random, yearsBefore(registeredOn, 42), yearsBefore(registeredOn, 20), '女');
  const spouse = (p: Person): MarriageCertificateSpouse => ({
    name: p.name,
    sex: p.sex,
    nationality: '中国',
    birthDate: p.birthDate,
    idType: 'ID',
    id: p.id,
  });
  const holder = random.chance(0.5) ? husband : wife;
  const data: MarriageCertificateData = { registeredOn, spouses: [spouse(husband), spouse(wife)] };
  return {
    typeCode: LicenseTypeCodes.marriageCertificate,
    number: `J431322-${registeredOn.slice(0, 4)}-${String(ctx.index + 1).padStart(6, '0')}`,
    name: '结婚证',
    holder: party(holder),
    issuer: ctx.issuer,
    issuedAt: registeredOn,
    validFrom: registeredOn,
    data: data as unknown as Record<string, unknown>,
  };
};

const CATEGORIES = ['视力残疾', '听力残疾', '言语残疾', '肢体残疾', '智力残疾', '精神残疾', '多重残疾'] as const;
const GRADES = ['一级', '二级', '三级', '四级'] as const;
/** Births 1935–2019: the holder pool, 31,000 days × 1,000 sequence numbers. */
const BORN_FROM = '1935-01-01';
const BORN_TO = '2019-12-31';

export const disabilityCertificate: LicenseBuilder = (ctx) => {
  const { random } = ctx;
  assertCapacity(ctx, 31_000_000, '残疾人证');
  const holder = uniquePerson(random, ctx.index, BORN_FROM, BORN_TO);
  const issuedAt = dateBetween(random, [yearsBefore(ctx.today, 9), addDays(holder.birthDate, 180)].sort()[1] as string, ctx.today);
  // Limb disability is the most common category; weight it accordingly.
  const category = random.chance(0.4) ? '肢体残疾' : random.pick(CATEGORIES);
  const grade = random.pick(GRADES);
  const minor = holder.birthDate > yearsBefore(issuedAt, 18);
  const needsGuardian = minor || category === '智力残疾' || category === '精神残疾';
  const place = ruralPlace(random);
  const data: DisabilityCertificateData = {
    sex: holder.sex,
    birthDate: holder.birthDate,
    ethnicity: random.chance(0.93) ? '汉族' : random.pick(['苗族', '瑶族', '土家族', '侗族']),
    address: `湖南省新化县${place.local}`,
    ...(needsGuardian ? {} : { phone: mobilePhone(random) }),
    disabilityCategory: category,
    disabilityGrade: grade,
    ...(needsGuardian
      ? {
          guardian: {
            name: personName(random, random.chance(0.5) ? '男' : '女'),
            relationship: minor ? random.pick(['父亲', '母亲']) : random.pick(['配偶', '子女', '兄弟姐妹']),
            phone: mobilePhone(random),
          },
        }
      : {}),
  };
  return {
    typeCode: LicenseTypeCodes.disabilityCertificate,
    number: `${holder.id}${CATEGORIES.indexOf(category) + 1}${GRADES.indexOf(grade) + 1}`,
    name: '中华人民共和国残疾人证',
    holder: party(holder),
    issuer: ctx.issuer,
    issuedAt,
    validFrom: issuedAt,
    validUntil: validityEnd(issuedAt, 10),
    data: data as unknown as Record<string, unknown>,
  };
};
