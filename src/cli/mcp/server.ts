import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { type Catalog, ROW_STATUSES } from '../../check/model.js';
import { type ControlRunner, runSelection } from '../../check/run.js';
import { StatementScope } from '../../engines/engine.js';
import type { EngineKind, SqlEngine } from '../../engines/index.js';
import { tableNamed } from '../../engines/suggest.js';
import { describeError, UserError } from '../../errors.js';
import { planRequests, type StatementPlan, type TableDef } from '../../sdk/index.js';
import { JCSQL_VERSION } from '../../version.js';
import { type QueryTimeout, statementTimeout } from '../commands/options.js';
import { writeJson } from '../output/format-json.js';
import type { Session } from '../session.js';
import { cappedReport, listChecks, selectChecks } from './checks.js';
import { guide } from './guide.js';
import { describeTable, docsPage, docsUri } from './table-info.js';

/** The rows `query` returns unless asked for fewer or more. */
export const DEFAULT_MAX_ROWS = 1_000;
/** The most rows one `query` result may carry. */
export const MAX_ROWS_LIMIT = 10_000;
/** The result rows (alarms first) `run_check` returns unless asked for fewer or more. */
export const DEFAULT_MAX_RESULTS = 500;

export interface McpServerOptions {
  session: Session;
  tables: readonly TableDef[];
  /** The engine of a dialect over the session, opened when first needed and kept. */
  engine: (kind: EngineKind) => Promise<SqlEngine>;
  /** `--query-timeout`: each tool call's limit. */
  timeout: QueryTimeout | undefined;
  /** What `list_checks` and `run_check` need, as `jcsql check` has it. */
  checks: {
    /** The built-in benchmark and the user's controls, read at each call (an edited file is seen). */
    catalog: () => Catalog;
    /** The engines controls run on, kept open between calls. */
    runner: ControlRunner;
  };
}

/** A tool's answer: its JSON as text, and as structured content. */
const answer = (value: Record<string, unknown>) => ({
  content: [{ type: 'text' as const, text: JSON.stringify(value, null, 1) }],
  structuredContent: value,
});

/** A tool error: one line, never a stack. */
const failure = (error: unknown) => ({
  content: [{ type: 'text' as const, text: `Error: ${describeError(error)}` }],
  isError: true,
});

/**
 * Runs a tool's body; any failure (bad SQL, an unknown table, an API error, a timeout, a cancel,
 * even a bug) is the call's error in one line, and the server goes on answering.
 */
async function tool(body: () => Promise<Record<string, unknown>> | Record<string, unknown>) {
  try {
    return answer(await body());
  } catch (error) {
    return failure(error);
  }
}

const sqlArgument = z.string().describe('One SQL statement (a trailing semicolon is optional).');
const engineArgument = z
  .enum(['postgres', 'sqlite'])
  .default('postgres')
  .describe('The SQL dialect: postgres (the default) or sqlite.');

/** The one statement of `sql`, planned; a script of several is refused. */
function oneStatement(engine: SqlEngine, sql: string): StatementPlan {
  const statements = engine.plan(sql);
  if (statements.length === 0) throw new UserError('No SQL statement given');
  if (statements.length > 1)
    throw new UserError(`One statement at a time: this SQL holds ${statements.length}`, {
      hint: 'Send each statement in its own call',
    });
  return statements[0]!;
}

/** Runs calls to one engine one at a time: an engine runs one statement at once. */
class Queue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => {});
    return result;
  }
}

/** The MCP server of `jcsql mcp`: read-only SQL over the session's connections. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const { session, tables, checks } = options;
  const timeout = statementTimeout(options.timeout, 'query');
  const checkTimeout = statementTimeout(options.timeout, 'check');
  const connections = session.connections;
  const queues = new Map<EngineKind, Queue>();
  const onEngine = <T>(kind: EngineKind, work: (engine: SqlEngine) => Promise<T>): Promise<T> => {
    let queue = queues.get(kind);
    if (!queue) {
      queue = new Queue();
      queues.set(kind, queue);
    }
    return queue.run(async () => work(await options.engine(kind)));
  };

  const server = new McpServer(
    { name: 'jcsql', version: JCSQL_VERSION },
    {
      instructions:
        'SQL over a JumpCloud organization, read-only. Find tables with list_tables and describe_table, see what a query costs with plan, run it with query. The jumpcloud_sql_guide prompt explains the idioms. list_checks and run_check run the security benchmark (controls written in SQL).',
    },
  );

  oneLineToolErrors(server);

  server.registerTool(
    'query',
    {
      title: 'Run a read-only SQL query on JumpCloud',
      description: `Runs one read-only SQL statement over the JumpCloud organization (Postgres dialect; engine "sqlite" for SQLite) and returns its columns (name and type), its rows as JSON objects, the API calls it made and the time it took. At most max_rows rows are returned (default ${DEFAULT_MAX_ROWS}): a larger result says so and is truncated, so aggregate or filter instead. Writes are refused.`,
      inputSchema: {
        sql: sqlArgument,
        engine: engineArgument,
        max_rows: z
          .number()
          .int()
          .min(1)
          .max(MAX_ROWS_LIMIT)
          .default(DEFAULT_MAX_ROWS)
          .describe(`The most rows to return (1 to ${MAX_ROWS_LIMIT}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ sql, engine, max_rows }, extra) =>
      tool(() =>
        onEngine(engine, async (opened) => {
          const statement = oneStatement(opened, sql);
          extra.signal.throwIfAborted();
          const outcome = await opened.runStatement(statement, { signal: extra.signal, timeout });
          const { result } = outcome;
          const shown = result.rows.slice(0, max_rows);
          const truncated = result.rows.length > shown.length;
          const json = jsonOf({ columns: result.columns, rows: shown });
          return {
            columns: json.columns.map((column) => ({ name: column.name, type: column.data_type })),
            rows: json.rows,
            row_count: result.rows.length,
            returned: shown.length,
            truncated,
            ...(truncated && {
              note: `Only the first ${max_rows} of ${result.rows.length} rows are returned (max_rows). Aggregate (count(*), group by) or filter (where, limit) to see what you need.`,
            }),
            api_calls: outcome.apiCalls,
            duration_ms: Math.round(outcome.durationMs),
          };
        }),
      ),
  );

  server.registerTool(
    'plan',
    {
      title: 'Show the API requests a query would make',
      description:
        'Plans one SQL statement without running it: for each table it reads, the API endpoints it would call and how many requests, what is pushed to the API (conditions, limit, columns) and what only the SQL engine filters. A count is exact when the query alone decides it (reads by id, a limit that fits one page, cached rows); where it depends on how many rows the organization has it is an estimate (exact: false).',
      inputSchema: { sql: sqlArgument, engine: engineArgument },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ sql, engine }) =>
      tool(() =>
        onEngine(engine, async (opened) => {
          const statement = oneStatement(opened, sql);
          const plan = planRequests(statement.scans, connections);
          return {
            sql: statement.sql,
            requests: plan.total.count,
            exact: plan.total.exact,
            ...(!plan.total.exact && {
              note: 'An estimate: some counts depend on the data (how many rows a list holds, whether a row needs its extra call); each request says why.',
            }),
            scans: plan.scans.map(({ notPushed, ...scan }) => ({ ...scan, not_pushed: notPushed })),
          };
        }),
      ),
  );

  server.registerTool(
    'list_tables',
    {
      title: 'List the JumpCloud tables',
      description:
        'Lists the tables (name and one-line description); filter keeps those whose name or description contains the word.',
      inputSchema: {
        filter: z.string().optional().describe('A word to look for in table names and descriptions.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ filter }) =>
      tool(() => {
        const word = filter?.trim().toLowerCase() ?? '';
        const listed = tables.filter(
          (table) =>
            word === '' ||
            table.name.toLowerCase().includes(word) ||
            table.description.toLowerCase().includes(word),
        );
        return { tables: listed.map((table) => ({ name: table.name, description: table.description })) };
      }),
  );

  server.registerTool(
    'describe_table',
    {
      title: 'Describe a JumpCloud table',
      description:
        "A table's columns (name, Postgres type, description, and the columns that cost extra API requests), its key columns, which conditions are pushed to the API, and example queries from its docs.",
      inputSchema: { table: z.string().describe('The table name, e.g. jumpcloud_user.') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ table }) => tool(() => describeTable(tableNamed(table.trim(), tables))),
  );

  server.registerTool(
    'list_connections',
    {
      title: 'List the JumpCloud connections',
      description:
        'The connections this server queries: the default ones (read by unqualified table names) and every connection or aggregator that can be named as a schema (schema.table).',
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      tool(() => ({
        default: connections.default.map((handle) => handle.name),
        connections: [...connections.byName].map(([name, handles]) => ({
          name,
          schema: name,
          members: handles.map((handle) => handle.name),
          org_id: handles.length === 1 ? (handles[0]!.orgId ?? null) : null,
        })),
      })),
  );

  const idsArgument = z
    .array(z.string())
    .optional()
    .describe(
      'Benchmark or control ids: only what is under them (default: every root benchmark, i.e. the whole benchmark).',
    );
  const whereArgument = z
    .string()
    .optional()
    .describe(
      'Conditions on the controls\' fields, as jcsql check --where takes them: field = value, field != value, field in (a, b), field not in (a, b), joined with and. Fields: id, title, severity, dialect, tags.NAME. E.g. "tags.category = identity and severity in (high, critical)".',
    );
  const checkFilterArgument = z
    .string()
    .optional()
    .describe("A word to look for in the controls' ids, titles, descriptions and tag values.");

  server.registerTool(
    'list_checks',
    {
      title: 'List the security checks',
      description:
        'Lists the security controls jcsql check runs (id, title, severity, tags, dialect, what each checks) and the benchmarks that hold them. Select as run_check does: ids (benchmarks or controls), where (conditions on fields and tags) and filter (a word).',
      inputSchema: {
        ids: idsArgument,
        where: whereArgument,
        filter: checkFilterArgument,
        include_sql: z.boolean().default(false).describe("Also return each control's SQL."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ ids, where, filter, include_sql }) =>
      tool(() => listChecks(checks.catalog(), { ids, where, filter }, include_sql)),
  );

  server.registerTool(
    'run_check',
    {
      title: 'Run security checks on JumpCloud',
      description: `Runs security controls over the JumpCloud organization as jcsql check does: one control, a benchmark, or a selection (ids, where, filter, as list_checks takes them; by default the whole benchmark). Returns the report of jcsql check --output json (schema_version 1): a summary of statuses (ok, alarm, info, skip, error), each control's summary, result rows (resource, status, reason) and errors, and the API calls made. At most max_results result rows are returned (default ${DEFAULT_MAX_RESULTS}, alarms first; summaries always count every row): a larger result says so. statuses returns only rows of those statuses.`,
      inputSchema: {
        ids: idsArgument,
        where: whereArgument,
        filter: checkFilterArgument,
        engine: engineArgument.describe(
          'The SQL engine for controls whose SQL runs on either (dialect any): postgres (the default) or sqlite.',
        ),
        statuses: z
          .array(z.enum(ROW_STATUSES))
          .min(1)
          .optional()
          .describe('Return only result rows of these statuses (e.g. ["alarm"]); summaries still count all.'),
        max_results: z
          .number()
          .int()
          .min(1)
          .max(MAX_ROWS_LIMIT)
          .default(DEFAULT_MAX_RESULTS)
          .describe(`The most result rows to return (1 to ${MAX_ROWS_LIMIT}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ ids, where, filter, engine, statuses, max_results }, extra) =>
      tool(async () => {
        const catalog = checks.catalog();
        const { roots, controls } = selectChecks(catalog, { ids, where, filter });
        if (controls.length === 0)
          throw new UserError('No control matches', { hint: 'See list_checks for the ids, fields and tags' });
        // One scope for the whole call: the timeout or a cancel stops the control running, and the run.
        const scope = new StatementScope({ signal: extra.signal, timeout: checkTimeout });
        try {
          const run = await runSelection(catalog, roots, controls, {
            runner: checks.runner,
            engine,
            signal: scope.signal,
          });
          return cappedReport(run, max_results, statuses);
        } catch (error) {
          throw scope.failure(error);
        } finally {
          scope.close();
        }
      }),
  );

  for (const table of tables)
    server.registerResource(
      table.name,
      docsUri(table),
      { title: `Table ${table.name}`, description: table.description, mimeType: 'text/markdown' },
      (uri) => ({
        contents: [
          {
            uri: uri.href,
            mimeType: 'text/markdown',
            text: docsPage(table) ?? `# ${table.name}\n\n${table.description}\n`,
          },
        ],
      }),
    );

  server.registerPrompt(
    'jumpcloud_sql_guide',
    {
      title: 'How to query JumpCloud with jcsql',
      description: 'Schemas per connection, jsonb idioms and pushdown tips for querying JumpCloud in SQL.',
    },
    () => ({
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: guide(connections) } }],
    }),
  );

  return server;
}

/**
 * Arguments that fail their schema are answered by the SDK itself, one line per problem: joined
 * into one line, as every other tool error is. (The SDK's hook is internal: the version is pinned,
 * and test/mcp holds a call with two bad arguments to one line.)
 */
function oneLineToolErrors(server: McpServer): void {
  const internal = server as unknown as { createToolError?: (message: string) => unknown };
  if (typeof internal.createToolError !== 'function') return;
  internal.createToolError = (message: string) =>
    failure(new UserError(message.replace(/^MCP error -?\d+: /, '').replace(/\s*\n\s*/g, '; ')));
}

/** A result's columns and rows exactly as `jcsql query --output json` writes them. */
function jsonOf(result: Parameters<typeof writeJson>[1]): {
  columns: Array<{ name: string; data_type: string }>;
  rows: Array<Record<string, unknown>>;
} {
  let text = '';
  writeJson(
    {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    } as unknown as Parameters<typeof writeJson>[0],
    result,
  );
  return JSON.parse(text);
}
