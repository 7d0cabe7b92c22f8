/**
 * The four engines behind the suite's one shape, each driven through its user's entry point:
 * the Postgres and SQLite engines through `openEngine`, serve through a real node-postgres client,
 * export through the CLI (`jcsql export … --output jsonl`). Each has its normaliser, so one
 * expected value can be compared with every engine's answer.
 */

import pg from 'pg';
import { statementTimeout } from '../../../src/cli/commands/options.js';
import { DEMO_CONNECTION, simulatorConnections } from '../../../src/cli/session.js';
import { type EngineKind, openEngine } from '../../../src/engines/index.js';
import { UserError } from '../../../src/errors.js';
import type { ColumnType } from '../../../src/sdk/index.js';
import { type SimulatorOptions, startSimulator } from '../../../src/simulator/index.js';
import { tables } from '../../../src/tables/index.js';
import { jcsql } from '../../helpers/cli.js';
import { makeTempDir, TEST_RETRY, testHome } from '../../helpers/engine.js';
import { openDemoServer } from '../../helpers/serve.js';
import type { Answer, AskOptions, EngineAdapter, ExportQuestion, Question } from './adapter.js';

/** Postgres's names of the column types (PGlite's result types; what serve's OIDs name). */
const POSTGRES_TYPES: Record<ColumnType, string> = {
  string: 'text',
  int: 'int8',
  double: 'float8',
  bool: 'bool',
  json: 'jsonb',
  timestamp: 'timestamptz',
  inet: 'inet',
};

/** The types SQLite declares: booleans are integers, JSON and timestamps text. */
const SQLITE_TYPES: Record<ColumnType, string> = {
  string: 'text',
  int: 'integer',
  double: 'real',
  bool: 'integer',
  json: 'text',
  timestamp: 'text',
  inet: 'text',
};

/** The OIDs of the Postgres types jcsql's columns use, as a wire client sees them. */
const POSTGRES_OIDS: ReadonlyMap<number, string> = new Map([
  [25, 'text'],
  [20, 'int8'],
  [701, 'float8'],
  [16, 'bool'],
  [3802, 'jsonb'],
  [1184, 'timestamptz'],
  [869, 'inet'],
]);

/** PGlite: timestamptz as a Date, int8 possibly a bigint. */
function fromPglite(value: unknown, type: ColumnType): unknown {
  if (type === 'timestamp' && value instanceof Date) return value.toISOString();
  if (type === 'int' && typeof value === 'bigint') return Number(value);
  return value;
}

/** SQLite: booleans 0/1, JSON as text, int possibly a bigint; timestamps already ISO-8601 text. */
function fromSqlite(value: unknown, type: ColumnType): unknown {
  if (type === 'bool' && (value === 0 || value === 1)) return value === 1;
  if (type === 'json' && typeof value === 'string') return JSON.parse(value);
  if (type === 'int' && typeof value === 'bigint') return Number(value);
  return value;
}

/** node-postgres: int8 as decimal text, timestamptz as a Date; jsonb already parsed. */
function fromWire(value: unknown, type: ColumnType): unknown {
  if (type === 'timestamp' && value instanceof Date) return value.toISOString();
  if (type === 'int' && typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

/** The Postgres or SQLite engine over its own simulated org, as `jcsql query --engine <kind>` opens it. */
export async function openSqlEngineAdapter(
  kind: EngineKind,
  simulatorOptions: SimulatorOptions,
): Promise<EngineAdapter> {
  const simulator = await startSimulator(simulatorOptions);
  // No cache: every question's API calls are its own.
  const connections = simulatorConnections(simulator, { cache: false, retry: TEST_RETRY });
  const engine = await openEngine(kind, { tables, connections, home: testHome() }).catch(async (error) => {
    await simulator.close();
    throw error;
  });
  return {
    name: kind,
    simulator,
    connection: DEMO_CONNECTION,
    typeNames: kind === 'postgres' ? POSTGRES_TYPES : SQLITE_TYPES,
    ordersRows: true,
    async ask(question: Question, options: AskOptions = {}): Promise<Answer> {
      const sql = kind === 'sqlite' ? (question.sqlite ?? question.sql) : question.sql;
      const seconds = options.timeoutSeconds;
      try {
        const [statement, ...more] = engine.plan(sql);
        if (!statement || more.length > 0) throw new Error(`a question is one statement: ${sql}`);
        const { result } = await engine.runStatement(statement, {
          timeout:
            seconds === undefined ? undefined : statementTimeout({ seconds, source: '--query-timeout' }),
        });
        return {
          columns: result.columns.map((column) => ({ name: column.name, type: column.dataType })),
          rows: result.rows,
        };
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return { error: { message: error.message, hint: error.hint } };
      }
    },
    normalise: kind === 'postgres' ? fromPglite : fromSqlite,
    async close() {
      await engine.close();
      await simulator.close();
    },
  };
}

/** `jcsql serve` over its own simulated org, asked through one node-postgres connection. */
export async function openServeAdapter(simulatorOptions: SimulatorOptions): Promise<EngineAdapter> {
  const demo = await openDemoServer({ simulator: simulatorOptions, cache: false });
  const client = new pg.Client(demo.connection);
  await client.connect();
  return {
    name: 'serve',
    simulator: demo.simulator,
    connection: DEMO_CONNECTION,
    typeNames: POSTGRES_TYPES,
    ordersRows: true,
    async ask(question: Question, options: AskOptions = {}): Promise<Answer> {
      // A client's own statement_timeout, as psql or a BI tool would set it.
      if (options.timeoutSeconds !== undefined)
        await client.query(`set statement_timeout = '${options.timeoutSeconds}s'`);
      try {
        const result = await client.query({ text: question.sql, rowMode: 'array' });
        return {
          columns: result.fields.map((field) => ({
            name: field.name,
            type: POSTGRES_OIDS.get(field.dataTypeID) ?? `oid ${field.dataTypeID}`,
          })),
          rows: result.rows as unknown[][],
        };
      } catch (error) {
        if (!(error instanceof pg.DatabaseError)) throw error;
        return { error: { code: error.code, message: error.message, hint: error.hint } };
      } finally {
        if (options.timeoutSeconds !== undefined) await client.query('reset statement_timeout');
      }
    },
    normalise: fromWire,
    async close() {
      await client.end();
      await demo.close();
    },
  };
}

function exportArguments(question: ExportQuestion, options: AskOptions): string[] {
  const { table, select = [], where = [], limit } = question;
  return [
    'export',
    table,
    '--output',
    'jsonl',
    ...(select.length > 0 ? ['--select', select.join(',')] : []),
    ...where.flatMap((condition) => ['--where', condition]),
    ...(limit === undefined ? [] : ['--limit', String(limit)]),
    ...(options.timeoutSeconds === undefined ? [] : ['--query-timeout', String(options.timeoutSeconds)]),
  ];
}

/** JSON lines as rows; every object must have the same keys in the same order (its columns). */
function jsonLines(text: string): { names: string[] | null; rows: unknown[][] } {
  const objects = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const names = objects[0] ? Object.keys(objects[0]) : null;
  const rows = objects.map((object) => {
    if (JSON.stringify(Object.keys(object)) !== JSON.stringify(names))
      throw new Error(`an exported row's keys differ from the first row's: ${JSON.stringify(object)}`);
    return Object.values(object);
  });
  return { names, rows };
}

/** `jcsql export` (the CLI, in-process) over its own simulated org, writing JSON lines to stdout. */
export async function openExportAdapter(simulatorOptions: SimulatorOptions): Promise<EngineAdapter> {
  const simulator = await startSimulator(simulatorOptions);
  // No .spc files: the connection comes from the environment, with the org the other engines read.
  const env = {
    JCSQL_CONFIG_DIR: makeTempDir('jcsql-conformance-cfg-'),
    JUMPCLOUD_API_URL: simulator.url,
    JUMPCLOUD_API_KEY: simulator.apiKey,
    JUMPCLOUD_ORG_ID: simulator.orgId,
  };
  return {
    name: 'export',
    simulator,
    // The connection a session without .spc files makes from the environment.
    connection: 'jumpcloud',
    typeNames: undefined,
    ordersRows: false,
    async ask(question: Question, options: AskOptions = {}): Promise<Answer> {
      if (!question.export) throw new Error(`this case has no export form: ${question.sql}`);
      const run = await jcsql(exportArguments(question.export, options), { env });
      if (run.code !== 0) return { error: { code: run.code, message: run.stderr.trimEnd() } };
      // A table's notice (the events' default window) is what the query engines print too.
      const unexpected = run.stderr
        .split('\n')
        .filter((line) => line !== '' && !/^Warning: jumpcloud_[a-z_]+: /.test(line));
      if (unexpected.length > 0) throw new Error(`export succeeded, but wrote to stderr: ${run.stderr}`);
      const { names, rows } = jsonLines(run.stdout);
      const columns = names === null ? null : names.map((name) => ({ name, type: undefined }));
      return { columns, rows };
    },
    // JSON lines already are the canonical representation: typed JSON, timestamps as ISO-8601 text.
    normalise: (value) => value,
    close: () => simulator.close(),
  };
}
