/**
 * @module main/demo/demo-data-tables
 * The small registers behind the demo county's two data services: a few households of 上梅街道 and
 * 洋溪镇 as the 公安局 keeps them, and the marriage registrations of the 民政局 for some of the same
 * people (刘伟 and 陈静 hold the demo marriage certificate too). ID numbers pass GB 11643.
 */
import type { HouseholdVerificationResponse } from '../../core/payloads/household-verification-response.js';
import type { MarriageVerificationResponse } from '../../core/payloads/marriage-verification-response.js';

type Resident = Required<HouseholdVerificationResponse> & { idNumber: string };

const SHANGMEI = '新化县公安局上梅派出所';
const YANGXI = '新化县公安局洋溪派出所';

const person = (
  idNumber: string,
  name: string,
  ethnicity: string,
  address: string,
  householdNo: string,
  relationToHead: string,
  registrationAuthority: string,
): Resident => ({
  idNumber,
  match: true,
  name,
  // GB 11643: the 17th digit is odd for men.
  sex: Number(idNumber[16]) % 2 === 1 ? '男' : '女',
  ethnicity,
  birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
  address,
  householdNo,
  relationToHead,
  registrationAuthority,
});

const TIANHUA = '湖南省娄底市新化县上梅街道北塔社区天华路12号';
const GUANGMING = '湖南省娄底市新化县洋溪镇光明村三组18号';
const MEIYUAN = '湖南省娄底市新化县上梅街道梅苑社区向东街45号';
const ZHENGJIE = '湖南省娄底市新化县洋溪镇正街106号';

export const HOUSEHOLD_REGISTER: readonly Resident[] = [
  person('431322199203150030', '刘伟', '汉族', TIANHUA, '431322001234', '户主', SHANGMEI),
  person('431322199408210041', '陈静', '汉族', TIANHUA, '431322001234', '配偶', SHANGMEI),
  person('431322196506071213', '曾国平', '汉族', GUANGMING, '431322005678', '户主', YANGXI),
  person('431322196811021220', '罗秀英', '瑶族', GUANGMING, '431322005678', '配偶', YANGXI),
  person('431322198812302517', '曾志强', '汉族', GUANGMING, '431322005678', '子', YANGXI),
  person('431322199104182520', '谢丽娟', '汉族', MEIYUAN, '431322002468', '户主', SHANGMEI),
  person('431322201509030015', '谢子轩', '汉族', MEIYUAN, '431322002468', '子', SHANGMEI),
  person('431322197301251813', '邹建军', '汉族', ZHENGJIE, '431322003579', '户主', YANGXI),
  person('431322197507161821', '彭美华', '汉族', ZHENGJIE, '431322003579', '配偶', YANGXI),
];

type Registration = Required<MarriageVerificationResponse> & { idNumber: string; name: string };

const CIVIL = '新化县民政局婚姻登记处';
const married = (idNumber: string, name: string, spouseName: string, registeredOn: string, certificateNumber: string): Registration => ({
  idNumber,
  name,
  found: true,
  maritalStatus: '已婚',
  registeredOn,
  registrationKind: '结婚登记',
  certificateNumber,
  spouseName,
  registrationAuthority: CIVIL,
});

export const MARRIAGE_REGISTER: readonly Registration[] = [
  married('431322199203150030', '刘伟', '陈静', '2024-05-20', 'J431322-2024-000518'),
  married('431322199408210041', '陈静', '刘伟', '2024-05-20', 'J431322-2024-000518'),
  married('431322196506071213', '曾国平', '罗秀英', '1987-10-01', 'J431322-1987-000233'),
  married('431322196811021220', '罗秀英', '曾国平', '1987-10-01', 'J431322-1987-000233'),
  married('431322197301251813', '邹建军', '彭美华', '1996-02-10', 'J431322-1996-000041'),
  married('431322197507161821', '彭美华', '邹建军', '1996-02-10', 'J431322-1996-000041'),
  {
    idNumber: '431322199104182520',
    name: '谢丽娟',
    found: true,
    maritalStatus: '离婚',
    registeredOn: '2021-06-15',
    registrationKind: '离婚登记',
    certificateNumber: 'L431322-2021-000097',
    spouseName: '周浩',
    registrationAuthority: CIVIL,
  },
];

/** 户籍信息核验: a mismatch of ID number and name answers only `match: false`. */
export function lookUpHousehold(idNumber: string, name: string): HouseholdVerificationResponse {
  const found = HOUSEHOLD_REGISTER.find((r) => r.idNumber === idNumber.toUpperCase() && r.name === name);
  if (!found) return { match: false };
  const { idNumber: _id, ...answer } = found;
  return answer;
}

/** 婚姻登记信息核验: nobody on record (or a name that does not match) answers `found: false`. */
export function lookUpMarriage(idNumber: string, name: string): MarriageVerificationResponse {
  const found = MARRIAGE_REGISTER.find((r) => r.idNumber === idNumber.toUpperCase() && r.name === name);
  if (!found) return { found: false };
  const { idNumber: _id, name: _name, ...answer } = found;
  return answer;
}
