import type { SessionConnections } from '../../engines/engine.js';

/** The "how to query JumpCloud with jcsql" guide: the `jumpcloud_sql_guide` prompt. */
export function guide(connections: SessionConnections): string {
  const named = [...connections.byName.keys()];
  const schemas =
    named.length > 1
      ? `This session's connections are also schemas: ${named.map((name) => `\`${name}.jumpcloud_user\``).join(', ')} read one connection; an unqualified table reads the default (${connections.default.map((handle) => handle.name).join(', ')}).`
      : 'This session has one connection: name tables without a schema.';
  return `# Querying JumpCloud with jcsql

jcsql answers SQL over a JumpCloud organization: every table (\`jumpcloud_user\`, \`jumpcloud_device\`, \`jumpcloud_user_group_member\`, …) is read from the JumpCloud API when a query needs it. Queries are read-only: writes are refused.

## Steps
1. \`list_tables\` (filter by a word such as "group" or "policy") to find the tables; \`describe_table\` for a table's columns, which conditions are pushed to the API, and example queries.
2. \`plan\` a query to see the API requests it will make before running it; \`query\` runs it (Postgres SQL; \`engine: "sqlite"\` for SQLite).
3. Join tables on ids: \`jumpcloud_user_group_member.member_id = jumpcloud_user.id\`.

## Connections
${schemas} Every row has \`sp_connection_name\`; \`where sp_connection_name = 'x'\` reads only that connection.

## JSON columns (jsonb)
- \`mfa ->> 'configured'\` is text; cast with \`(mfa ->> 'configured')::boolean\`.
- A list: \`jsonb_array_elements(members)\` gives one row per element; \`jsonb_array_length(tags)\` counts.
- Containment: \`attributes @> '[{"name": "team"}]'\`; a key exists: \`mfa ? 'exclusion'\`.

## Pushdown: fewer API calls
- \`id = '…'\` or \`id IN (…)\` reads those objects by id instead of listing the whole table.
- \`=\` / \`IN\` on the columns \`describe_table\` lists as filters are sent to the API.
- On fan-out tables (members, a device's software), \`=\` on the parent's id (\`group_id = '…'\`) reads only those parents.
- A LIMIT on a single-table query whose conditions are all pushed stops the listing early.
- Columns marked with a cost (extra requests per row) are fetched only when selected: select only the columns you need.
- Results are capped (1,000 rows by default): aggregate (\`count(*)\`, \`group by\`) or filter rather than reading everything.
- Rows are cached for a few minutes: a repeated query makes no API calls.
`;
}
