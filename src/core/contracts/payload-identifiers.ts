/**
 * @module core/contracts/payload-identifiers
 * The identifier checks JSON Schema cannot express: a contract's patterns fix the shape of credit
 * codes and ID numbers, this walk verifies their check characters wherever they occur in a payload —
 * every `{idType, id}` pair (holders, right holders, spouses), every `uscc`, and `typeCode`. Details
 * never repeat a personal ID number.
 */
import type { FieldError } from '../errors.js';
import { validateResidentId } from '../identifiers/resident-id.js';
import { validateUscc } from '../identifiers/uscc.js';

const USCC_DETAIL = '统一社会信用代码不符合 GB 32100（格式或校验位错误）';
const TYPE_CODE_DETAIL = '证照类型代码应为定义机构的统一社会信用代码加3位数字';
const RESIDENT_ID_DETAILS = {
  format: '居民身份证号应为18位，前17位为数字，末位为数字或X',
  'birth-date': '居民身份证号中的出生日期无效',
  check: '居民身份证号校验位错误',
} as const;

/** `at` rejects ID numbers whose birth date lies after it (e.g. the date of issue). */
export function checkPayloadIdentifiers(payload: unknown, options: { at?: Date } = {}): FieldError[] {
  const errors: FieldError[] = [];
  walk(payload, '', errors, options.at);
  return errors;
}

function walk(value: unknown, pointer: string, errors: FieldError[], at: Date | undefined): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${pointer}/${i}`, errors, at));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string') checkIdentified(record.idType, record.id, `${pointer}/id`, errors, at);
  if (typeof record.uscc === 'string' && !validateUscc(record.uscc).ok) {
    errors.push({ pointer: `${pointer}/uscc`, detail: USCC_DETAIL });
  }
  if (typeof record.typeCode === 'string' && !validTypeCode(record.typeCode)) {
    errors.push({ pointer: `${pointer}/typeCode`, detail: TYPE_CODE_DETAIL });
  }
  for (const [key, child] of Object.entries(record)) {
    if (child !== null && typeof child === 'object') walk(child, `${pointer}/${escape(key)}`, errors, at);
  }
}

function checkIdentified(idType: unknown, id: string, pointer: string, errors: FieldError[], at: Date | undefined): void {
  if (idType === 'USCC' && !validateUscc(id).ok) errors.push({ pointer, detail: USCC_DETAIL });
  if (idType === 'ID') {
    const result = validateResidentId(id, at ? { at } : {});
    if (!result.ok) errors.push({ pointer, detail: RESIDENT_ID_DETAILS[result.reason] });
  }
}

function validTypeCode(code: string): boolean {
  return /^[0-9A-Z]{18}[0-9]{3}$/.test(code) && validateUscc(code.slice(0, 18)).ok;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
