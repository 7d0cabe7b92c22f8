import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../src/sdk/index.js';

describe('mapConcurrent', () => {
  it('returns, when the consumer stops, only after the calls in flight have ended', async () => {
    const ended: number[] = [];
    const call = (n: number) =>
      new Promise<number>((resolve) =>
        setTimeout(
          () => {
            ended.push(n);
            resolve(n);
          },
          n === 0 ? 1 : 30,
        ),
      );
    for await (const value of mapConcurrent([0, 1, 2, 3, 4, 5], 3, call)) {
      expect(value).toBe(0);
      break;
    }
    // 0 was taken while 1 and 2 were in flight: they ended before the loop did, and 3 never started.
    expect(ended.sort()).toEqual([0, 1, 2]);
  });
});
