import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('statistics CSV', () => {
  it('starts with a BOM, quotes separators and defuses formulas', () => {
    expect(
      toCsv(
        ['部门', '核验次数'],
        [
          ['=HYPERLINK("x")', 3],
          ['a,b', 0],
        ],
      ),
    ).toBe('\uFEFF部门,核验次数\r\n"\'=HYPERLINK(""x"")",3\r\n"a,b",0\r\n');
  });
});
