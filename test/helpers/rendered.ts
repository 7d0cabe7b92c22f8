import type { OutputFormat, ResultColumn } from '../../src/cli/output/index.js';

type Cell = string | number | boolean | null | object;

/**
 * Reads rendered output back into rows of comparable cells, so the four formats can be checked
 * against each other: JSON text becomes values, humanised integers lose their commas,
 * timestamps become epoch milliseconds, NULL (`<null>`, an empty CSV field) becomes null.
 */
export function parseRendered(format: OutputFormat, text: string, columns: ResultColumn[]): Cell[][] {
  switch (format) {
    case 'json': {
      const document = JSON.parse(text) as { rows: Array<Record<string, unknown>> };
      return document.rows.map((row) =>
        columns.map((column) => normalise(column.dataType, row[column.name], false)),
      );
    }
    case 'csv':
      return parseCsv(text)
        .slice(1)
        .map((fields) =>
          columns.map((column, i) => normalise(column.dataType, fields[i] === '' ? null : fields[i], true)),
        );
    case 'line':
      return parseLine(text, columns);
    case 'table':
      return parseTable(text, columns);
  }
}

function normalise(dataType: string, value: unknown, fromText: boolean): Cell {
  if (value === null || value === undefined || value === '<null>') return null;
  switch (dataType) {
    case 'jsonb':
    case 'json':
      return fromText ? JSON.parse(String(value)) : (value as Cell);
    case 'int8':
    case 'int4':
    case 'float8':
      return Number(String(value).replace(/,/g, ''));
    case 'bool':
      return value === true || value === 'true';
    case 'timestamptz':
      return Date.parse(String(value));
    default:
      return String(value);
  }
}

/** RFC 4180: quoted fields may hold separators, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** `-[ RECORD n ]---` blocks of `name | value` lines; ` +` continues a value on the next line. */
function parseLine(text: string, columns: ResultColumn[]): Cell[][] {
  const records = text.split(/^-\[ RECORD \d+\s*\]-*\n/m).slice(1);
  const width = Math.max(...columns.map((column) => column.name.length));
  return records.map((record) => {
    const values: string[] = [];
    let current: string | undefined;
    for (const line of record.replace(/\n+$/, '').split('\n')) {
      const continued = current?.endsWith(' +');
      if (continued) current = `${current!.slice(0, -2).trimEnd()}\n${line.slice(width + 3)}`;
      else {
        if (current !== undefined) values.push(current);
        current = line.slice(width + 3);
      }
    }
    if (current !== undefined) values.push(current);
    return columns.map((column, i) => normalise(column.dataType, values[i]?.trimEnd(), true));
  });
}

/**
 * go-pretty's default box: `| a | b |` rows between `+---+` borders. Cells are cut at the
 * border's `+` positions (values may contain ` | `). A cell longer than 1024 characters wraps
 * onto continuation lines, which leave the other cells blank; those are joined back on.
 */
function parseTable(text: string, columns: ResultColumn[]): Cell[][] {
  const lines = text.split('\n');
  const border = lines[0] ?? '';
  const cuts = [...border].flatMap((char, i) => (char === '+' ? [i] : []));
  const cellsOf = (line: string) =>
    cuts.slice(0, -1).map((start, i) => line.slice(start + 2, cuts[i + 1]! - 1).trimEnd());
  const body = lines.slice(3).filter((line) => line.startsWith('|'));
  const rows: string[][] = [];
  /** The lines under each row that hold the further lines of its multi-line cells. */
  const further = new Map<string[], string[][]>();
  for (const line of body) {
    const cells = cellsOf(line);
    const previous = rows[rows.length - 1];
    const continuation =
      previous && cells.filter((cell) => cell !== '').length < columns.length && isWrap(previous, cells);
    if (continuation) {
      for (const [i, cell] of cells.entries()) previous[i] += cell;
    } else if (previous && cells[0] === '') {
      // A value with line breaks takes a line per line; the other cells are blank there. (The
      // first column, an id or a name, is never blank.)
      further.get(previous)?.push(cells) ?? further.set(previous, [cells]);
    } else rows.push(cells);
  }
  for (const [row, extra] of further) {
    for (const i of row.keys()) {
      // A cell's value ends on its last non-blank line: blank lines before that are in the value.
      const last = extra.findLastIndex((cells) => cells[i] !== '');
      for (const cells of extra.slice(0, last + 1)) row[i] += `\n${cells[i]}`;
    }
  }
  return rows.map((cells) => columns.map((column, i) => normalise(column.dataType, cells[i], true)));
}

/** A line continues the row above when its only text is in cells whose text above filled the 1024 width. */
const isWrap = (above: string[], cells: string[]) =>
  cells.every((cell, i) => cell === '' || (above[i]?.length ?? 0) >= 1024);
