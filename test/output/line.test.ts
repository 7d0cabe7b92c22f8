import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/cli/output/index.js';
import { col, lines, render, sample } from './capture.js';

const RULE = '-'.repeat(75);

describe('line output', () => {
  it('prints one record per row with names padded to the longest', () => {
    expect(render(sample, 'line')).toBe(
      lines(
        `-[ RECORD 1  ]${RULE}`,
        'id         | 10,000',
        'name       | alice',
        'active     | true',
        'attrs      | {"a":"x,y","b":1}',
        'created_at | 2024-01-15T10:30:45Z',
        `-[ RECORD 2  ]${RULE}`,
        'id         | 9,007,199,254,740,993',
        'name       | <null>',
        'active     | false',
        'attrs      | <null>',
        'created_at | <null>',
        `-[ RECORD 3  ]${RULE}`,
        'id         | -5',
        'name       | say "hi", bob',
        'active     | <null>',
        'attrs      | ["<b>",2.5]',
        'created_at | 2023-12-31T23:59:59Z',
      ),
    );
  });

  it('continues multi-line values with " +", padded to the widest value line of the record', () => {
    const result: QueryResult = {
      columns: [col('description', 'text'), col('n', 'int4')],
      rows: [['first line\nsecond\nend', 12345]],
    };
    expect(render(result, 'line')).toBe(
      lines(
        `-[ RECORD 1  ]${RULE}`,
        'description | first line +',
        '            | second     +',
        '            | end       ',
        'n           | 12,345',
      ),
    );
  });

  it('widens the record number past two digits and ignores header=false', () => {
    const result: QueryResult = {
      columns: [col('v', 'text')],
      rows: Array.from({ length: 100 }, () => ['東京']),
    };
    const output = render(result, 'line', { header: false });
    expect(output.startsWith(lines(`-[ RECORD 1  ]${RULE}`, 'v | 東京', `-[ RECORD 2  ]${RULE}`))).toBe(true);
    expect(
      output.endsWith(lines(`-[ RECORD 99 ]${RULE}`, 'v | 東京', `-[ RECORD 100 ]${RULE}`, 'v | 東京')),
    ).toBe(true);
  });

  it('prints nothing for zero rows', () => {
    expect(render({ columns: [col('a', 'text')], rows: [] }, 'line')).toBe('');
  });
});
