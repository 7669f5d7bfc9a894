/**
 * @module main/demo/generated-parties
 * People, businesses, addresses and dates for generated licences, with identifiers that pass the
 * hub's checks: 居民身份证号 with a real birth date and MOD 11-2 check (GB 11643), 统一社会信用代码
 * with the MOD 31 check (GB 32100). Where a licence number embeds an identifier (营业执照, 残疾人证)
 * the identifier is drawn from a bijection of the licence's index, so a million of them never repeat.
 */
import { residentIdCheckChar } from '../../core/identifiers/resident-id.js';
import { usccCheckChar } from '../../core/identifiers/uscc.js';
import { scatter, type Random } from './seeded-random.js';
import { COUNTY, GIVEN_NAME_CHARS, RESIDENTIAL_COMPOUNDS, SURNAMES, TOWN_STREETS, TOWNSHIPS, TRADE_NAMES } from './xinhua-places.js';

export type Sex = '男' | '女';

export interface Person {
  name: string;
  sex: Sex;
  birthDate: string;
  id: string;
}

const DAY_MS = 86_400_000;
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function personName(random: Random, sex: Sex): string {
  // Squaring the uniform draw favours the common surnames at the front of the list.
  const surname = SURNAMES[Math.floor(random.next() ** 2 * SURNAMES.length)] as string;
  const chars = GIVEN_NAME_CHARS[sex];
  return surname + random.pick(chars) + (random.chance(0.7) ? random.pick(chars) : '');
}

/** A person born in [bornFrom, bornTo], with a random 3-digit sequence (its parity is the sex). */
export function person(random: Random, bornFrom: string, bornTo: string, sex?: Sex): Person {
  const birthDate = addDays(bornFrom, random.int(0, daysBetween(bornFrom, bornTo)));
  const chosen = sex ?? (random.chance(0.5) ? '男' : '女');
  const sequence = random.int(0, 499) * 2 + (chosen === '男' ? 1 : 0);
  return { name: personName(random, chosen), sex: chosen, birthDate, id: residentId(birthDate, sequence) };
}

/** The person for `index` in [0, days × 1000): no two indices share an ID number. */
export function uniquePerson(random: Random, index: number, bornFrom: string, bornTo: string): Person {
  const days = daysBetween(bornFrom, bornTo) + 1;
  const spread = scatter(index, days * 1000);
  const birthDate = addDays(bornFrom, spread % days);
  const sequence = Math.floor(spread / days);
  const sex: Sex = sequence % 2 === 1 ? '男' : '女';
  return { name: personName(random, sex), sex, birthDate, id: residentId(birthDate, sequence) };
}

function residentId(birthDate: string, sequence: number): string {
  const first17 = `${COUNTY.divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export type EntityKind = 'company' | 'individual' | 'cooperative';
const ENTITY_PREFIX: Record<EntityKind, string> = { company: '91', individual: '92', cooperative: '93' };
const USCC_SPACE = USCC_ALPHABET.length ** 6;

/** A credit code of a business registered in the county; `index` makes it unique, else random. */
export function businessUscc(random: Random, kind: EntityKind, index?: number): string {
  let value = index === undefined ? random.int(0, USCC_SPACE - 1) : scatter(index, USCC_SPACE);
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = USCC_ALPHABET[value % USCC_ALPHABET.length] + tail;
    value = Math.floor(value / USCC_ALPHABET.length);
  }
  const first17 = `${ENTITY_PREFIX[kind]}${COUNTY.divisionCode}MA4${tail}`;
  return first17 + usccCheckChar(first17);
}

export function tradeName(random: Random): string {
  return random.pick(TRADE_NAMES);
}

export interface Place {
  township: (typeof TOWNSHIPS)[number];
  /** Without province, city and county: `上梅街道北塔路56号`. */
  local: string;
}

/** A street address in the county seat. */
export function townPlace(random: Random): Place {
  const township = TOWNSHIPS[random.int(0, 2)] as Place['township'];
  return { township, local: `${township.name}${random.pick(TOWN_STREETS)}${random.int(1, 388)}号` };
}

/** An address in a village group (组) or town community anywhere in the county. */
export function ruralPlace(random: Random): Place {
  const township = random.pick(TOWNSHIPS);
  const village = random.pick(township.villages);
  return { township, local: `${township.name}${village}${village.endsWith('村') ? `${random.int(1, 18)}组` : `${random.int(1, 120)}号`}` };
}

/** A flat in a residential compound of the county seat. */
export function flatPlace(random: Random): Place & { building: number; unit: number; floor: number; room: string } {
  const township = TOWNSHIPS[random.int(0, 2)] as Place['township'];
  const building = random.int(1, 24);
  const unit = random.int(1, 3);
  const floor = random.int(1, 18);
  const room = `${floor}${String(random.int(1, 4)).padStart(2, '0')}`;
  const local = `${township.name}${random.pick(TOWN_STREETS)}${random.int(1, 300)}号${random.pick(RESIDENTIAL_COMPOUNDS)}${building}栋${unit}单元${room}室`;
  return { township, local, building, unit, floor, room };
}

export function fullAddress(place: Place): string {
  return `${COUNTY.province}${COUNTY.city}${COUNTY.county}${place.local}`;
}

export function mobilePhone(random: Random): string {
  return `1${random.pick(['37', '39', '58', '73', '80', '86', '89'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

// Calendar dates as YYYY-MM-DD, computed in UTC so no time zone shifts a day.
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of a validity of `years` from `date` (2024-03-01 + 5 → 2029-02-28). */
export function validityEnd(date: string, years: number): string {
  const start = new Date(`${date}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() + years);
  return addDays(start.toISOString().slice(0, 10), -1);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A date in [from, to]; `to` before `from` yields `from`. */
export function dateBetween(random: Random, from: string, to: string): string {
  return addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));
}
