import type { Node, ObjectType, RangeVar, SelectStmt } from '@pgsql/types';
import { UserError } from '../errors.js';
import { collect, nodeOf, stringOf, walk } from './planner-ast.js';
import { type PlannerOptions, type ProductWording, resolveRelation } from './planner-options.js';
import type { TableDef } from './table.js';

/**
 * The read-only guard: refuses a statement that writes to, locks, alters or hides one of the
 * tables, names one inside a DO block or function body, sends COPY data from the client, or
 * runs a program (COPY … PROGRAM).
 */
export function guardStatement(stmt: Node, options: PlannerOptions): void {
  for (const { relation, created } of writeTargetsOf(stmt)) {
    const written = resolveRelation(relation, options, new Set());
    if (written) {
      const name = written.table.name;
      throw created ? shadowError(name, options.wording) : readOnlyError(name, options.wording);
    }
  }
  const inBody = tableInBody(stmt, options.tables);
  if (inBody) throw bodyError(inBody, options.wording);
  if (copiesFromClient(stmt)) throw copyFromClientError();
  if (collect(stmt, 'CopyStmt').some((copy) => copy.is_program)) throw programError(options.wording);
}

export const readOnlyError = (table: string, wording: ProductWording) =>
  new UserError(`${table} is read-only: ${wording.product} never writes to ${wording.service}`, {
    sqlState: '25006', // read_only_sql_transaction
    hint: `Copy the rows into a table of your own first (create temp table t as select … from ${table})`,
  });

export const shadowError = (table: string, wording: ProductWording) =>
  new UserError(`${table} is a ${wording.service} table: a table or view of that name would hide it`, {
    sqlState: '42P07', // duplicate_table
    hint: `Choose another name (${wording.copyExample})`,
  });

const copyFromClientError = () =>
  new UserError('COPY … FROM STDIN is not supported: the embedded Postgres cannot take COPY data', {
    sqlState: '0A000', // feature_not_supported
    hint: 'Use INSERT … VALUES, or create temp table … as select',
  });

/** COPY … TO/FROM PROGRAM: a program on this machine (the embedded Postgres cannot start one, and ends the session trying). */
const programError = (wording: ProductWording) =>
  new UserError(`COPY … PROGRAM is not allowed: ${wording.product} runs no programs`, {
    sqlState: '42501', // insufficient_privilege, as Postgres answers a role that may not
    hint: 'Use COPY … TO STDOUT (in psql: \\copy … to …)',
  });

const bodyError = (table: string, wording: ProductWording) =>
  new UserError(
    `${table} cannot be used inside a DO block or a function: ${wording.product} fetches ${wording.service} rows for the statements that name them`,
    {
      sqlState: '0A000', // feature_not_supported
      hint: `Query ${table} directly, or copy it first (create temp table t as select … from ${table}) and use the copy`,
    },
  );

/** COPY … FROM STDIN anywhere in the statement: PGlite ends the session on COPY data from a client. */
function copiesFromClient(stmt: Node): boolean {
  return collect(stmt, 'CopyStmt').some((copy) => copy.is_from && !copy.filename);
}

/** A relation a statement writes to; `created` when the statement makes one of that name (it would hide a table). */
interface WriteTarget {
  relation: RangeVar;
  created: boolean;
}

const COMMENTED = new Set<ObjectType>(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_VIEW']);
const DROPPED = new Set<ObjectType>(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_FOREIGN_TABLE']);

/** The relations a statement writes to or alters (INSERT/UPDATE/DELETE/MERGE/TRUNCATE/ALTER/…). */
function writeTargetsOf(stmt: Node): WriteTarget[] {
  const targets: WriteTarget[] = [];
  const written = (relation: RangeVar | undefined) => {
    if (relation) targets.push({ relation, created: false });
  };
  const created = (relation: RangeVar | undefined) => {
    if (relation) targets.push({ relation, created: true });
  };
  // Anywhere in the tree: writable CTEs, PREPARE, EXPLAIN ANALYZE and CREATE … AS run their writes too.
  walk(stmt, (kind, node) => {
    switch (kind) {
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
      case 'AlterTableStmt':
      case 'CreateTrigStmt':
      case 'RuleStmt':
      case 'IndexStmt':
      case 'RenameStmt':
        written(node.relation);
        break;
      case 'CreateStmt':
        created(node.relation);
        break;
      case 'CreatePolicyStmt':
      case 'AlterPolicyStmt':
        written(node.table);
        break;
      case 'ViewStmt':
        created(node.view);
        break;
      case 'CreateTableAsStmt': // CREATE TABLE … AS
        created(node.into?.rel);
        break;
      case 'CopyStmt':
        if (node.is_from) written(node.relation);
        break;
      case 'TruncateStmt':
      case 'LockStmt':
        for (const item of node.relations ?? []) written(nodeOf(item, 'RangeVar'));
        break;
      case 'GrantStmt':
        if (node.objtype === 'OBJECT_TABLE')
          for (const item of node.objects ?? []) written(nodeOf(item, 'RangeVar'));
        break;
      case 'SelectStmt':
        created(node.intoClause?.rel); // SELECT … INTO
        // FOR UPDATE / SHARE locks rows in order to change them: of the named tables, or of all.
        if ((node.lockingClause ?? []).length > 0)
          for (const locked of lockedRelations(node)) written(locked);
        break;
      case 'CommentStmt':
        if (node.objtype !== undefined && COMMENTED.has(node.objtype))
          for (const named of qualifiedNames([node.object], node.objtype === 'OBJECT_COLUMN')) written(named);
        break;
      case 'DropStmt':
        if (node.removeType !== undefined && DROPPED.has(node.removeType))
          for (const named of qualifiedNames(node.objects ?? [], false)) written(named);
        break;
    }
  });
  return targets;
}

function lockedRelations(select: SelectStmt): RangeVar[] {
  const from = collect(select.fromClause ?? [], 'RangeVar');
  const clauses = (select.lockingClause ?? []).map((clause) => nodeOf(clause, 'LockingClause'));
  // `FOR UPDATE` alone locks every table; `FOR UPDATE OF u` names FROM items by alias or name.
  if (clauses.some((clause) => (clause?.lockedRels ?? []).length === 0)) return from;
  const named = new Set(
    clauses.flatMap((clause) => (clause?.lockedRels ?? []).map((item) => nodeOf(item, 'RangeVar')?.relname)),
  );
  return from.filter((relation) => named.has(relation.alias?.aliasname ?? relation.relname));
}

/** `a.b` names (lists of strings) as relations; a column's name drops its last part. */
function qualifiedNames(objects: ReadonlyArray<Node | undefined>, isColumn: boolean): RangeVar[] {
  return objects.flatMap((object) => {
    const names = (nodeOf(object, 'List')?.items ?? []).map(stringOf);
    if (isColumn) names.pop();
    if (names.length === 0) return [];
    return [
      names.length > 1
        ? { schemaname: names[names.length - 2], relname: names[names.length - 1] }
        : { relname: names[0] },
    ];
  });
}

/**
 * DO blocks and function bodies run SQL the planner cannot see: it would meet the tables
 * unfetched (stale or empty) and could change them. The first of the tables a body names.
 */
function tableInBody(stmt: Node, tables: ReadonlyMap<string, TableDef>): string | undefined {
  let found: string | undefined;
  walk(stmt, (kind, node) => {
    if (found) return;
    const body = kind === 'DoStmt' ? node.args : kind === 'CreateFunctionStmt' ? node.options : undefined;
    if (!body) return;
    for (const text of stringsIn(body)) {
      found = text
        .toLowerCase()
        .match(IDENTIFIER)
        ?.find((word) => tables.has(word));
      if (found) return;
    }
  });
  return found;
}

/** A word of SQL that could name a table (unquoted, or the inside of a quoted name). */
const IDENTIFIER = /[a-z_][a-z0-9_$]*/g;

/** Every string below a parse subtree (a body's source text among them), in the statement's order. */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object')
    for (const child of Object.values(value)) stringsIn(child, into);
  return into;
}
