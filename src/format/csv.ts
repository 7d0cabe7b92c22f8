/**
 * One CSV field as Go's encoding/csv writes it (RFC 4180 plus two of Go's own: a field starting
 * with whitespace and the field `\.` are quoted too): `jcsql query -o csv` and `jcsql export`.
 */

/** Go's `unicode.IsSpace`, which encoding/csv checks on a field's first character. */
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function needsQuotes(field: string, separator: string): boolean {
  if (field === '') return false;
  if (field === '\\.') return true;
  return (
    field.includes(separator) ||
    field.includes('"') ||
    field.includes('\n') ||
    field.includes('\r') ||
    LEADING_SPACE.test(field)
  );
}

/** The field, quoted only where Go would quote it. */
export function csvField(field: string, separator: string): string {
  return needsQuotes(field, separator) ? `"${field.replace(/"/g, '""')}"` : field;
}
