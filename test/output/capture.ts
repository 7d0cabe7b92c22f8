import {
  type OutputFormat,
  type OutputOptions,
  type QueryResult,
  type ResultColumn,
  writeResult,
} from '../../src/cli/output/index.js';

/** A sink that records every chunk it is given. */
export class CaptureSink {
  readonly chunks: string[] = [];
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export function render(
  result: QueryResult,
  format: OutputFormat,
  overrides: Partial<OutputOptions> = {},
): string {
  const sink = new CaptureSink();
  writeResult(sink, result, { format, header: true, separator: ',', ...overrides });
  return sink.text;
}

export const col = (name: string, dataType: string): ResultColumn => ({ name, dataType });

/** Joins lines with `\n` and ends with one, to keep expected outputs readable. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A small result set with the awkward values every format must handle. */
export const sample: QueryResult = {
  columns: [
    col('id', 'int8'),
    col('name', 'text'),
    col('active', 'bool'),
    col('attrs', 'jsonb'),
    col('created_at', 'timestamptz'),
  ],
  rows: [
    [10000, 'alice', true, { b: 1, a: 'x,y' }, new Date('2024-01-15T10:30:45.123Z')],
    [9007199254740993n, null, false, null, null],
    [-5, 'say "hi", bob', null, ['<b>', 2.5], new Date('2023-12-31T23:59:59Z')],
  ],
};
