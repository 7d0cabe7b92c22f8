import type { ColumnType } from './column-type.js';
import type { ColumnDef } from './table.js';

type Options<Item> = Omit<ColumnDef<Item>, 'name' | 'type' | 'description'>;

const builder =
  (type: ColumnType) =>
  <Item>(name: string, description: string, options: Options<Item> = {}): ColumnDef<Item> => ({
    name,
    type,
    description,
    ...options,
  });

/** Column builders, one per ColumnType: `col.string('email', 'The e-mail.', { filter: 'email' })`. */
export const col = {
  string: builder('string'),
  int: builder('int'),
  double: builder('double'),
  bool: builder('bool'),
  json: builder('json'),
  timestamp: builder('timestamp'),
  inet: builder('inet'),
} satisfies Record<ColumnType, unknown>;
