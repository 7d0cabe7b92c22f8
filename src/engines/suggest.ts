import { editDistance } from '../edit-distance.js';
import { allColumns, type TableDef } from '../sdk/index.js';

/** Up to three names within a small edit distance, nearest first. */
export function nearest(name: string, candidates: string[]): string[] {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map(({ candidate }) => candidate);
}

/** `Did you mean …?` for an unknown table or column name, or undefined when nothing is near. */
export function didYouMean(
  kind: 'table' | 'column',
  name: string,
  tables: Iterable<TableDef>,
): string | undefined {
  const list = [...tables];
  const candidates =
    kind === 'table'
      ? list.map((table) => table.name)
      : [...new Set(list.flatMap((table) => allColumns(table).map((column) => column.name)))];
  const near = nearest(name, candidates);
  return near.length > 0 ? `Did you mean ${near.join(', ')}?` : undefined;
}
