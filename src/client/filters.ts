/** An API-side filter a table derived from SQL quals: field equals one of the values. */
export interface FieldFilter {
  field: string;
  values: Array<string | number | boolean>;
}

/*
 * What the spec lets a filter carry (jumpcloud-api-v1.yaml / -v2.yaml, `trait_filter_filter`):
 * - v1 `$eq` takes its value as is: nothing is escaped.
 * - v1 `$in` separates terms with `|`; a literal `|` in a term is `\|` (one backslash on GET). How a
 *   backslash itself is written is not documented, so a term with one cannot be sent.
 * - v2 `filter` is an array with `style: form, explode: false`: its items may be joined with commas,
 *   so a value with a comma cannot be sent; `in` separates terms with `|` and documents no escape.
 * A filter that cannot be sent is left out: the API lists more and the engine's own WHERE narrows
 * it (such columns never carry a pushed LIMIT: see isExact).
 */

const v1Sendable = ({ values }: FieldFilter) =>
  values.length === 1 || values.every((value) => !String(value).includes('\\'));

const v2Sendable = ({ values }: FieldFilter) =>
  values.every(
    (value) => !String(value).includes(',') && (values.length === 1 || !String(value).includes('|')),
  );

const v1Term = (value: string | number | boolean) => String(value).replaceAll('|', '\\|');

/** v1 `filter=field:$eq:value`, `field:$in:a|b`; several filters as `filter[0]`, `filter[1]` (ANDed). */
export function v1FilterQuery(filters: FieldFilter[]): Record<string, string> {
  const terms = filters
    .filter(v1Sendable)
    .map(({ field, values }) =>
      values.length === 1 ? `${field}:$eq:${values[0]}` : `${field}:$in:${values.map(v1Term).join('|')}`,
    );
  if (terms.length === 0) return {};
  if (terms.length === 1) return { filter: terms[0]! };
  return Object.fromEntries(terms.map((term, index) => [`filter[${index}]`, term]));
}

/** v2 `filter=field:eq:value` or `field:in:a|b`, repeated (ANDed), as the spec's own examples send them. */
export function v2FilterQuery(filters: FieldFilter[]): { filter?: string[] } {
  const sendable = filters.filter(v2Sendable);
  if (sendable.length === 0) return {};
  return {
    filter: sendable.map(({ field, values }) =>
      values.length === 1 ? `${field}:eq:${values[0]}` : `${field}:in:${values.join('|')}`,
    ),
  };
}
