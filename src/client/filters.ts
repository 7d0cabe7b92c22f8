/** An API-side filter a table derived from SQL quals: field equals one of the values. */
export interface FieldFilter {
  field: string;
  values: Array<string | number | boolean>;
}

const escapeTerm = (value: string | number | boolean) =>
  String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

/** v1 `filter=field:$eq:value`, `field:$in:a|b`; several filters as `filter[0]`, `filter[1]` (ANDed). */
export function v1FilterQuery(filters: FieldFilter[]): Record<string, string> {
  const terms = filters.map(({ field, values }) =>
    values.length === 1
      ? `${field}:$eq:${escapeTerm(values[0]!)}`
      : `${field}:$in:${values.map(escapeTerm).join('|')}`,
  );
  if (terms.length === 0) return {};
  if (terms.length === 1) return { filter: terms[0]! };
  return Object.fromEntries(terms.map((term, index) => [`filter[${index}]`, term]));
}

/** v2 `filter=field:eq:value` or `field:in:a|b`, repeated (ANDed). */
export function v2FilterQuery(filters: FieldFilter[]): { filter?: string[] } {
  if (filters.length === 0) return {};
  return {
    filter: filters.map(({ field, values }) =>
      values.length === 1
        ? `${field}:eq:${escapeTerm(values[0]!)}`
        : `${field}:in:${values.map(escapeTerm).join('|')}`,
    ),
  };
}
