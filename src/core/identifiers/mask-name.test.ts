import { describe, expect, it } from 'vitest';
import { maskName } from './mask-name.js';

describe('maskName', () => {
  it.each([
    ['刘德华', '刘*华'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['新化县某某餐饮店', '新******店'],
    ['王', '*'],
    ['', ''],
    ['𠀀𠀁𠀂', '𠀀*𠀂'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
