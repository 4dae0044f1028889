import { describe, expect, it } from 'vitest';
import { onlyNumbersDiffer } from '../../../workbench/client/src/edit-delay.ts';

describe('which edits run at once', () => {
  it('an edit of numbers only: a weight, a threshold, a decimal', () => {
    expect(onlyNumbersDiffer('usage weight 36 = logins', 'usage weight 40 = logins')).toBe(true);
    expect(onlyNumbersDiffer('grade red below 45', 'grade red below 5')).toBe(true);
    expect(onlyNumbersDiffer('x >= 0.7', 'x >= 0.75')).toBe(true);
  });

  it('not an edit that adds, removes or changes anything else', () => {
    expect(onlyNumbersDiffer('weight 36', 'weight 36')).toBe(false);
    expect(onlyNumbersDiffer('x >= 0.7', 'x >= 0.')).toBe(false);
    expect(onlyNumbersDiffer('weight 36', 'weight ')).toBe(false);
    expect(onlyNumbersDiffer('weight 36', 'weight 36 + 1')).toBe(false);
    expect(onlyNumbersDiffer('logins', 'login')).toBe(false);
  });
});
