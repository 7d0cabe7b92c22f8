import { describe, expect, it } from 'vitest';
import { describeError, UserError } from '../../src/errors.js';

describe('long messages', () => {
  it('are cut at a word boundary, with an ellipsis and the count of what was left out', () => {
    const words = Array.from({ length: 400 }, (_, index) => `word${index}`);
    const line = describeError(new UserError(words.join(' ')));
    const match = /^(.*)… \(([\d,]+) more characters\)$/.exec(line);
    expect(match, line).not.toBeNull();
    const kept = match![1]!;
    expect(kept.length).toBeLessThanOrEqual(1_000);
    // Every word kept is whole, and the last one is followed by the rest of the text.
    const keptWords = kept.split(' ');
    expect(keptWords).toEqual(words.slice(0, keptWords.length));
    expect(kept.length + Number(match![2]!.replace(/,/g, ''))).toBe(words.join(' ').length);
  });

  it('cut a quoted fragment at a word boundary too', () => {
    const quoted = Array(40).fill('abcdefg').join(' ');
    const line = describeError(new UserError(`syntax error at "${quoted}"`));
    expect(line).toMatch(/^syntax error at "(abcdefg )+abcdefg… \(\d+ more characters\)"$/);
  });

  it('cut one token without spaces where they must', () => {
    const line = describeError(new UserError(`x${'a'.repeat(5_000)}`));
    expect(line).toMatch(/^xa{979}… \(4,021 more characters\)$/);
  });
});
