import { describe, expect, it } from 'vitest';
import { offsetAt, positionAt, rangeContains, textOf } from '../../../dsl/service/positions.ts';

describe('positions', () => {
  const text = 'ab\ncde\r\nf\rg';

  it('turns 1-based positions into offsets and back, for every line break', () => {
    const positions = [[1, 1, 0], [1, 3, 2], [2, 1, 3], [2, 4, 6], [3, 1, 8], [4, 1, 10], [4, 2, 11]] as const;
    for (const [line, column, offset] of positions) {
      expect(offsetAt(text, { line, column })).toBe(offset);
      expect(positionAt(text, offset)).toEqual({ line, column });
    }
  });

  it('clamps positions past the end of a line or of the text', () => {
    expect(offsetAt(text, { line: 1, column: 40 })).toBe(2);
    expect(offsetAt(text, { line: 9, column: 1 })).toBe(10);
  });

  it('slices a range and tests whether it contains a position (end excluded)', () => {
    const range = { start: { line: 2, column: 2 }, end: { line: 3, column: 1 } };
    expect(textOf(text, range)).toBe('de\r\n');
    expect(rangeContains(range, { line: 2, column: 2 })).toBe(true);
    expect(rangeContains(range, { line: 3, column: 1 })).toBe(false);
    expect(rangeContains(range, { line: 1, column: 9 })).toBe(false);
  });
});
