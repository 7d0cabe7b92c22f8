/**
 * The conformance cases: one question each, with its answer worked out from a source no engine
 * had a hand in (the simulator's generated data, or the table read through the SDK's `scan()`),
 * in the canonical representation of ./adapter.ts. Tables are discovered from the registry.
 */

import { EXIT } from '../../../src/errors.js';
import { allColumns, type ColumnType, type Row } from '../../../src/sdk/index.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { tables } from '../../../src/tables/index.js';
import type { EngineError, EngineName, Feature, Question } from './adapter.js';

export type Org = RunningSimulator['data']['orgs'][number];
type User = Org['users'][number];

/** What a case's question and answer are worked out from. */
export interface Fixture {
  /** The simulated org's own data, as the API serves it. */
  org: Org;
  /** A table read through the SDK's scan() (every column, hydrates included), and the API calls it took. */
  reference(table: string): Promise<Reference>;
}

export interface Reference {
  rows: Row[];
  /** Requests by simulator route. */
  calls: Record<string, number>;
}

type FromFixture<T> = (fixture: Fixture) => T | Promise<T>;
type Columns = ReadonlyArray<readonly [name: string, type: ColumnType]>;

interface CaseBase {
  name: string;
  /** What the case needs of an engine beyond one table's columns and conditions. */
  needs?: readonly Feature[];
  ask: (fixture: Fixture) => Question | Promise<Question>;
}

/** A question with rows for an answer. */
export interface RowsCase extends CaseBase {
  kind: 'rows';
  columns: Columns;
  /** Compared in order (for engines that order rows), else as a multiset. */
  ordered: boolean;
  rows: FromFixture<unknown[][]>;
  /** The answer is no rows; otherwise the org must give the case at least one row to look at. */
  none?: boolean;
  /** The API calls the question costs, by simulator route. */
  calls?: FromFixture<Record<string, number>>;
}

/** The engine's name for each column type of a table. */
export interface TypesCase extends CaseBase {
  kind: 'types';
  columns: Columns;
}

/** Each engine's failure; an engine that runs the case must have its entry. */
type Errors = Partial<Record<EngineName, EngineError>>;

/** A question each engine refuses, with each engine's words. */
export interface ErrorCase extends CaseBase {
  kind: 'error';
  errors: Errors;
  /** The API calls each engine makes before it refuses; none where not given. */
  calls?: FromFixture<Partial<Record<EngineName, Record<string, number>>>>;
}

/** A question asked with a 1 s time limit of a stalled API: it fails with each engine's words, and its API calls stop. */
export interface TimeoutCase extends CaseBase {
  kind: 'timeout';
  errors: Errors;
}

export type Case = RowsCase | TypesCase | ErrorCase | TimeoutCase;

/** The simulator's routes, as its request stats name them. */
const ROUTE = {
  users: 'GET /api/systemusers',
  user: 'GET /api/systemusers/{id}',
  groups: 'GET /api/v2/usergroups',
  groupMembers: 'GET /api/v2/usergroups/{group_id}/members',
  macosApps: 'GET /api/v2/systeminsights/apps',
};

/** Rows a list request returns at most (the API's maximum, which jcsql asks for). */
const PAGE_SIZE = 100;
const pages = (rows: number) => Math.max(1, Math.ceil(rows / PAGE_SIZE));

const UNKNOWN_ID = 'ffffffffffffffffffffffff';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Sorted by keys compared in turn, as ORDER BY sorts text in the C collation. */
const sortedBy = <T>(items: readonly T[], key: (item: T) => readonly string[]) =>
  [...items].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      const order = byText(ka[i]!, kb[i]!);
      if (order !== 0) return order;
    }
    return 0;
  });

const users = (fixture: Fixture) => fixture.org.users;
const usernames = (list: readonly User[]) =>
  sortedBy(list, (user) => [user.username]).map((u) => [u.username]);
/** A user picked from the data by position, so the question names a real one. */
const userAt = (fixture: Fixture, index: number) => users(fixture)[index % users(fixture).length]!;

/** A reference row's value of a column: a column scan() left out is NULL. */
const columnValue = (row: Row, column: string): unknown => row[column] ?? null;

function tableCases(): Case[] {
  return tables.flatMap((table): Case[] => {
    const columns = allColumns(table).map((column) => [column.name, column.type] as const);
    return [
      {
        kind: 'rows',
        name: `${table.name}: every row and column, as scan() reads them, for the same API calls`,
        ask: () => ({ sql: `select * from ${table.name}`, export: { table: table.name } }),
        columns,
        ordered: false,
        rows: async (fixture) =>
          (await fixture.reference(table.name)).rows.map((row) =>
            columns.map(([name]) => columnValue(row, name)),
          ),
        calls: async (fixture) => (await fixture.reference(table.name)).calls,
      },
      {
        kind: 'types',
        name: `${table.name}: each column's type`,
        needs: ['types'],
        ask: () => ({ sql: `select * from ${table.name} limit 1` }),
        columns,
      },
    ];
  });
}

const READ_ONLY: EngineError = {
  message: 'jumpcloud_user is read-only: jcsql never writes to JumpCloud',
  hint: 'Copy the rows into a table of your own first (create temp table t as select … from jumpcloud_user)',
};

function readOnlyCase(statement: string): ErrorCase {
  return {
    kind: 'error',
    name: `read-only: ${statement.split(' ')[0]} on a jumpcloud table is refused`,
    needs: ['write'],
    ask: () => ({ sql: statement }),
    errors: {
      postgres: READ_ONLY,
      sqlite: READ_ONLY,
      serve: { code: '25006', ...READ_ONLY },
    },
  };
}

/** `instant`'s ISO-8601 text in the zone `hours` from UTC, e.g. `2021-06-01T02:00:00.000-10:00`. */
function isoInZone(instant: number, hours: number): string {
  const local = new Date(instant + hours * 3_600_000).toISOString().slice(0, -1);
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}

/** The first mac with apps, from the reference read of its apps. */
async function macWithApps(fixture: Fixture): Promise<string> {
  const apps = (await fixture.reference('jumpcloud_device_macos_app')).rows;
  const id = apps[0]?.device_id;
  if (typeof id !== 'string') throw new Error('the simulated org has no macOS apps');
  return id;
}

/** Group members' ids, from the reference read of the groups. */
const memberIds = (group: Row): string[] =>
  Array.isArray(group.members) ? group.members.map((member: { id: string }) => member.id) : [];

/** A user in at least one group, from the reference read of the groups. */
async function aMember(fixture: Fixture): Promise<string> {
  const groups = (await fixture.reference('jumpcloud_user_group')).rows;
  const id = groups.flatMap(memberIds)[0];
  if (!id) throw new Error('the simulated org has no group with members');
  return id;
}

export function conformanceCases(): Case[] {
  return [
    ...tableCases(),

    // Filters, each pushed to the API or applied by the engine.
    {
      kind: 'rows',
      name: 'filters: an equality the API applies, and a bare boolean',
      ask: () => ({
        sql: "select username, email from jumpcloud_user where department = 'Engineering' and activated order by 1",
        export: {
          table: 'jumpcloud_user',
          select: ['username', 'email'],
          where: ["department = 'Engineering'", 'activated = true'],
        },
      }),
      columns: [
        ['username', 'string'],
        ['email', 'string'],
      ],
      ordered: true,
      rows: (fixture) =>
        sortedBy(
          users(fixture).filter((user) => user.department === 'Engineering' && user.activated),
          (user) => [user.username],
        ).map((user) => [user.username, user.email]),
      calls: (fixture) => ({
        [ROUTE.users]: pages(users(fixture).filter((user) => user.department === 'Engineering').length),
      }),
    },
    {
      kind: 'rows',
      name: 'filters: a negated boolean and IS NOT TRUE',
      ask: () => ({
        sql: 'select username from jumpcloud_user where not suspended and account_locked is not true order by 1',
        export: {
          table: 'jumpcloud_user',
          select: ['username'],
          where: ['suspended = false', 'account_locked = false'],
        },
      }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames(users(fixture).filter((user) => !user.suspended && !user.account_locked)),
    },
    {
      kind: 'rows',
      name: 'filters: LIKE (lower-case: SQLite ignores ASCII case)',
      ask: () => ({
        sql: "select username from jumpcloud_user where email like '%.w%' order by 1",
        export: { table: 'jumpcloud_user', select: ['username'], where: ["email like '%.w%'"] },
      }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames(users(fixture).filter((user) => user.email.includes('.w'))),
    },
    {
      kind: 'rows',
      name: 'filters: IN on an API filter column',
      ask: () => ({
        sql: "select username, department from jumpcloud_user where department in ('Finance', 'Sales') order by 1",
        export: {
          table: 'jumpcloud_user',
          select: ['username', 'department'],
          where: ["department in ('Finance', 'Sales')"],
        },
      }),
      columns: [
        ['username', 'string'],
        ['department', 'string'],
      ],
      ordered: true,
      rows: (fixture) =>
        sortedBy(
          users(fixture).filter((user) => ['Finance', 'Sales'].includes(user.department)),
          (user) => [user.username],
        ).map((user) => [user.username, user.department]),
    },
    {
      kind: 'rows',
      name: 'IN on the get key, from a subquery',
      needs: ['sql'],
      ask: () => ({
        sql: 'select username from jumpcloud_user where id in (select id from jumpcloud_user order by id limit 3) order by 1',
      }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames(sortedBy(users(fixture), (user) => [user._id]).slice(0, 3)),
    },
    {
      kind: 'rows',
      name: 'LIMIT and OFFSET after ORDER BY',
      needs: ['sql'],
      ask: () => ({ sql: 'select username from jumpcloud_user order by username limit 4 offset 3' }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames(users(fixture)).slice(3, 7),
    },

    // NULLs.
    {
      kind: 'rows',
      name: 'NULL: a timestamp the API leaves empty is NULL (not an empty string, a zero or an epoch)',
      ask: () => ({
        sql: 'select username, password_expiration_date from jumpcloud_user where password_expiration_date is null order by 1',
        export: {
          table: 'jumpcloud_user',
          select: ['username', 'password_expiration_date'],
          where: ['password_expiration_date is null'],
        },
      }),
      columns: [
        ['username', 'string'],
        ['password_expiration_date', 'timestamp'],
      ],
      ordered: true,
      rows: (fixture) =>
        usernames(users(fixture).filter((user) => user.password_expiration_date === null)).map(
          ([username]) => [username, null],
        ),
    },
    {
      kind: 'rows',
      name: 'NULL: counted as missing by count(column)',
      needs: ['sql'],
      ask: () => ({
        sql: 'select count(*) - count(password_expiration_date) as no_expiry, count(*) - count(middle_name) as no_middle_name from jumpcloud_user',
      }),
      columns: [
        ['no_expiry', 'int'],
        ['no_middle_name', 'int'],
      ],
      ordered: true,
      // middle_name is never NULL: the API sends '' for none, and '' stays ''.
      rows: (fixture) => [
        [users(fixture).filter((user) => user.password_expiration_date === null).length, 0],
      ],
    },

    // JSON.
    {
      kind: 'rows',
      name: 'JSON: nested objects and lists round-trip (mfa, attributes)',
      ask: () => ({
        sql: 'select username, mfa, attributes from jumpcloud_user',
        export: { table: 'jumpcloud_user', select: ['username', 'mfa', 'attributes'] },
      }),
      columns: [
        ['username', 'string'],
        ['mfa', 'json'],
        ['attributes', 'json'],
      ],
      ordered: false,
      rows: (fixture) => users(fixture).map((user) => [user.username, user.mfa, user.attributes]),
      calls: (fixture) => ({ [ROUTE.users]: pages(users(fixture).length) }),
    },
    {
      kind: 'rows',
      name: 'JSON: a member of an object',
      needs: ['sql'],
      ask: () => ({
        sql: "select username, (mfa ->> 'configured')::boolean as configured from jumpcloud_user order by 1",
        sqlite: "select username, mfa ->> '$.configured' as configured from jumpcloud_user order by 1",
      }),
      columns: [
        ['username', 'string'],
        ['configured', 'bool'],
      ],
      ordered: true,
      rows: (fixture) =>
        sortedBy(users(fixture), (user) => [user.username]).map((user) => [
          user.username,
          user.mfa.configured,
        ]),
    },
    {
      kind: 'rows',
      name: 'JSON: a path into an object and into a list',
      needs: ['sql'],
      ask: () => ({
        sql: "select hostname, fde -> 'active' as fde_active, network_interfaces -> 0 ->> 'address' as address from jumpcloud_device",
        sqlite:
          "select hostname, json_extract(fde, '$.active') as fde_active, network_interfaces ->> '$[0].address' as address from jumpcloud_device",
      }),
      columns: [
        ['hostname', 'string'],
        ['fde_active', 'bool'],
        ['address', 'string'],
      ],
      ordered: false,
      rows: async (fixture) =>
        (await fixture.reference('jumpcloud_device')).rows.map((device) => [
          device.hostname,
          (device.fde as { active?: boolean } | null)?.active ?? null,
          (device.network_interfaces as Array<{ address?: string }> | null)?.[0]?.address ?? null,
        ]),
    },
    {
      kind: 'rows',
      name: 'JSON: list elements joined to another table (group members)',
      needs: ['join', 'sql'],
      ask: () => ({
        sql: "select g.name, u.username from jumpcloud_user_group g cross join lateral jsonb_array_elements(g.members) m join jumpcloud_user u on u.id = m ->> 'id' order by 1, 2",
        sqlite:
          "select g.name, u.username from jumpcloud_user_group g, json_each(g.members) m join jumpcloud_user u on u.id = m.value ->> '$.id' order by 1, 2",
      }),
      columns: [
        ['name', 'string'],
        ['username', 'string'],
      ],
      ordered: true,
      rows: async (fixture) => {
        const byId = new Map(users(fixture).map((user) => [user._id, user.username]));
        const groups = (await fixture.reference('jumpcloud_user_group')).rows;
        const pairs = groups.flatMap((group) =>
          memberIds(group).flatMap((id) => (byId.has(id) ? [[String(group.name), byId.get(id)!]] : [])),
        );
        return sortedBy(pairs, (pair) => pair);
      },
    },
    {
      kind: 'rows',
      name: 'JSON: jsonb containment (@>)',
      needs: ['jsonb', 'sql'],
      ask: async (fixture) => ({
        sql: `select name from jumpcloud_user_group where members @> '[{"id": "${await aMember(fixture)}"}]' order by 1`,
      }),
      columns: [['name', 'string']],
      ordered: true,
      rows: async (fixture) => {
        const member = await aMember(fixture);
        const groups = (await fixture.reference('jumpcloud_user_group')).rows;
        return sortedBy(
          groups.filter((group) => memberIds(group).includes(member)),
          (group) => [String(group.name)],
        ).map((group) => [group.name]);
      },
    },

    // Joins and aggregates.
    {
      kind: 'rows',
      name: 'join on a key column (apps per mac)',
      needs: ['join', 'sql'],
      ask: () => ({
        sql: "select d.hostname, count(*) as apps from jumpcloud_device d join jumpcloud_device_macos_app a on a.device_id = d.id where d.os = 'Mac OS X' group by 1 order by 1",
      }),
      columns: [
        ['hostname', 'string'],
        ['apps', 'int'],
      ],
      ordered: true,
      rows: async (fixture) => {
        const macs = (await fixture.reference('jumpcloud_device')).rows.filter((d) => d.os === 'Mac OS X');
        const apps = (await fixture.reference('jumpcloud_device_macos_app')).rows;
        const counts = new Map<string, number>();
        for (const mac of macs) {
          const count = apps.filter((app) => app.device_id === mac.id).length;
          if (count > 0) counts.set(String(mac.hostname), (counts.get(String(mac.hostname)) ?? 0) + count);
        }
        return sortedBy([...counts], ([hostname]) => [hostname]);
      },
    },
    {
      kind: 'rows',
      name: 'aggregates over booleans',
      needs: ['sql'],
      ask: () => ({
        sql: 'select os, count(*) as devices, count(*) filter (where active) as active from jumpcloud_device group by os order by os',
        sqlite:
          'select os, count(*) as devices, sum(active) as active from jumpcloud_device group by os order by os',
      }),
      columns: [
        ['os', 'string'],
        ['devices', 'int'],
        ['active', 'int'],
      ],
      ordered: true,
      rows: async (fixture) => {
        const byOs = new Map<string, [number, number]>();
        for (const device of (await fixture.reference('jumpcloud_device')).rows) {
          const [all, active] = byOs.get(String(device.os)) ?? [0, 0];
          byOs.set(String(device.os), [all + 1, active + (device.active === true ? 1 : 0)]);
        }
        return sortedBy([...byOs], ([os]) => [os]).map(([os, [all, active]]) => [os, all, active]);
      },
    },

    // Timestamps.
    {
      kind: 'rows',
      name: 'timestamps: exact instants, in UTC, to the millisecond',
      ask: (fixture) => {
        const user = userWithInstants(fixture);
        return {
          sql: `select username, created, password_expiration_date from jumpcloud_user where id = '${user._id}'`,
          export: {
            table: 'jumpcloud_user',
            select: ['username', 'created', 'password_expiration_date'],
            where: [`id = '${user._id}'`],
          },
        };
      },
      columns: [
        ['username', 'string'],
        ['created', 'timestamp'],
        ['password_expiration_date', 'timestamp'],
      ],
      ordered: true,
      rows: (fixture) => {
        const user = userWithInstants(fixture);
        return [[user.username, user.created, user.password_expiration_date]];
      },
    },
    {
      kind: 'rows',
      name: 'timestamps: compared as instants, with a UTC literal',
      ask: () => ({
        sql: "select username, created from jumpcloud_user where created < '2022-01-01T00:00:00Z' order by created, 1",
        export: {
          table: 'jumpcloud_user',
          select: ['username', 'created'],
          where: ["created < '2022-01-01T00:00:00Z'"],
        },
      }),
      columns: [
        ['username', 'string'],
        ['created', 'timestamp'],
      ],
      ordered: true,
      rows: (fixture) =>
        sortedBy(
          users(fixture).filter((user) => Date.parse(user.created) < Date.UTC(2022, 0, 1)),
          (user) => [new Date(user.created).toISOString(), user.username],
        ).map((user) => [user.username, user.created]),
    },
    {
      kind: 'rows',
      name: 'timestamps: compared as instants, with a literal ten hours behind UTC',
      needs: ['zoned-timestamps'],
      ask: (fixture) => {
        const bound = isoInZone(offsetBound(fixture), -10);
        return {
          sql: `select username from jumpcloud_user where created < '${bound}' order by 1`,
          export: { table: 'jumpcloud_user', select: ['username'], where: [`created < '${bound}'`] },
        };
      },
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) =>
        usernames(users(fixture).filter((user) => Date.parse(user.created) < offsetBound(fixture))),
    },

    // Pushdown: the API calls a question costs (test/core/api-calls.test.ts has the same, for 10,000 users).
    {
      kind: 'rows',
      name: 'pushdown: id = … is one GET',
      ask: (fixture) => ({
        sql: `select username from jumpcloud_user where id = '${userAt(fixture, 123)._id}'`,
        export: {
          table: 'jumpcloud_user',
          select: ['username'],
          where: [`id = '${userAt(fixture, 123)._id}'`],
        },
      }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => [[userAt(fixture, 123).username]],
      calls: () => ({ [ROUTE.user]: 1 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: id IN (two ids) is two GETs',
      ask: (fixture) => {
        const ids = `('${userAt(fixture, 10)._id}', '${userAt(fixture, 11)._id}')`;
        return {
          sql: `select username from jumpcloud_user where id in ${ids} order by 1`,
          export: { table: 'jumpcloud_user', select: ['username'], where: [`id in ${ids}`] },
        };
      },
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames([userAt(fixture, 10), userAt(fixture, 11)]),
      calls: () => ({ [ROUTE.user]: 2 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: an unknown id finds nothing, after one GET',
      ask: () => ({
        sql: `select username from jumpcloud_user where id = '${UNKNOWN_ID}'`,
        export: { table: 'jumpcloud_user', select: ['username'], where: [`id = '${UNKNOWN_ID}'`] },
      }),
      columns: [['username', 'string']],
      ordered: true,
      none: true,
      rows: () => [],
      calls: () => ({ [ROUTE.user]: 1 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: an equality on an API filter column is one list request',
      ask: (fixture) => ({
        sql: `select id from jumpcloud_user where email = '${userAt(fixture, 200).email}'`,
        export: {
          table: 'jumpcloud_user',
          select: ['id'],
          where: [`email = '${userAt(fixture, 200).email}'`],
        },
      }),
      columns: [['id', 'string']],
      ordered: true,
      rows: (fixture) => [[userAt(fixture, 200)._id]],
      calls: () => ({ [ROUTE.users]: 1 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: a plain LIMIT 5 is one page of five',
      ask: () => ({
        sql: 'select username from jumpcloud_user limit 5',
        export: { table: 'jumpcloud_user', select: ['username'], limit: 5 },
      }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) =>
        users(fixture)
          .slice(0, 5)
          .map((user) => [user.username]),
      calls: () => ({ [ROUTE.users]: 1 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: no LIMIT is pushed past an ORDER BY: every page is read',
      needs: ['sql'],
      ask: () => ({ sql: 'select username from jumpcloud_user order by username limit 5' }),
      columns: [['username', 'string']],
      ordered: true,
      rows: (fixture) => usernames(users(fixture)).slice(0, 5),
      calls: (fixture) => ({ [ROUTE.users]: pages(users(fixture).length) }),
    },
    {
      kind: 'rows',
      name: 'pushdown: no hydrate call when no hydrate column is selected',
      ask: () => ({
        sql: 'select name, id from jumpcloud_user_group',
        export: { table: 'jumpcloud_user_group', select: ['name', 'id'] },
      }),
      columns: [
        ['name', 'string'],
        ['id', 'string'],
      ],
      ordered: false,
      rows: (fixture) => fixture.org.userGroups.map((group) => [group.name, group.id]),
      calls: () => ({ [ROUTE.groups]: 1 }),
    },
    {
      kind: 'rows',
      name: 'pushdown: a hydrate column (members) costs one call per group',
      ask: () => ({
        sql: 'select name, members from jumpcloud_user_group',
        export: { table: 'jumpcloud_user_group', select: ['name', 'members'] },
      }),
      columns: [
        ['name', 'string'],
        ['members', 'json'],
      ],
      ordered: false,
      rows: async (fixture) =>
        (await fixture.reference('jumpcloud_user_group')).rows.map((group) => [group.name, group.members]),
      // A group's members are a list of their own, read a page at a time.
      calls: async (fixture) => {
        const groups = (await fixture.reference('jumpcloud_user_group')).rows;
        const memberPages = groups.reduce((sum, group) => sum + pages(memberIds(group).length), 0);
        return { [ROUTE.groups]: 1, [ROUTE.groupMembers]: memberPages };
      },
    },
    {
      kind: 'rows',
      name: 'pushdown: System Insights asked for one device only with device_id =',
      ask: async (fixture) => {
        const mac = await macWithApps(fixture);
        return {
          sql: `select name from jumpcloud_device_macos_app where device_id = '${mac}'`,
          export: { table: 'jumpcloud_device_macos_app', select: ['name'], where: [`device_id = '${mac}'`] },
        };
      },
      columns: [['name', 'string']],
      ordered: false,
      rows: async (fixture) => {
        const mac = await macWithApps(fixture);
        const apps = (await fixture.reference('jumpcloud_device_macos_app')).rows;
        return apps.filter((app) => app.device_id === mac).map((app) => [app.name]);
      },
      calls: () => ({ [ROUTE.macosApps]: 1 }),
    },

    // Errors: each engine's own words, before any API call.
    {
      kind: 'error',
      name: 'errors: an unknown table',
      ask: () => ({ sql: 'select * from jumpcloud_usr', export: { table: 'jumpcloud_usr' } }),
      errors: {
        postgres: {
          message: 'SQL error: relation "jumpcloud_usr" does not exist (line 1, column 15)',
          hint: 'Did you mean jumpcloud_user?',
        },
        sqlite: { message: 'SQL error: no such table: jumpcloud_usr', hint: 'Did you mean jumpcloud_user?' },
        serve: { code: '42P01', message: 'relation "jumpcloud_usr" does not exist' },
        export: {
          code: EXIT.badInput,
          message: 'Error: No table named jumpcloud_usr. Did you mean jumpcloud_user?',
        },
      },
    },
    {
      kind: 'error',
      name: 'errors: an unknown column',
      ask: () => ({
        sql: 'select usernme from jumpcloud_user',
        export: { table: 'jumpcloud_user', select: ['usernme'] },
      }),
      errors: {
        postgres: {
          message: 'SQL error: column "usernme" does not exist (line 1, column 8)',
          hint: 'Perhaps you meant to reference the column "jumpcloud_user.username".',
        },
        sqlite: { message: 'SQL error: no such column: usernme', hint: 'Did you mean username?' },
        serve: {
          code: '42703',
          message: 'column "usernme" does not exist',
          hint: 'Perhaps you meant to reference the column "jumpcloud_user.username".',
        },
        export: {
          code: EXIT.badInput,
          message: "Error: --select: jumpcloud_user has no column 'usernme'. Did you mean username?",
        },
      },
      // The SQL engines learn of the unknown column only when they run the statement, after
      // fetching the table; export checks its columns before any API call.
      calls: (fixture) => {
        const wholeTable = { [ROUTE.users]: pages(users(fixture).length) };
        return { postgres: wholeTable, sqlite: wholeTable, serve: wholeTable };
      },
    },
    readOnlyCase("insert into jumpcloud_user (id) values ('x')"),
    readOnlyCase("update jumpcloud_user set email = 'x'"),
    readOnlyCase('delete from jumpcloud_user'),

    // Cancellation.
    {
      kind: 'timeout',
      name: 'a statement that runs out of time stops, its API calls with it, and says so',
      ask: () => ({
        sql: 'select id from jumpcloud_user',
        export: { table: 'jumpcloud_user', select: ['id'] },
      }),
      errors: {
        postgres: QUERY_TIMEOUT,
        sqlite: QUERY_TIMEOUT,
        serve: { code: '57014', message: 'canceling statement due to statement timeout' },
        export: {
          code: 1,
          message:
            'Error: Export timed out after 1 s (--query-timeout); its API calls were stopped (nothing was written). Raise --query-timeout (0 means no limit), or narrow the export with --where or --limit so it needs fewer API calls',
        },
      },
    },
  ];
}

const QUERY_TIMEOUT: EngineError = {
  message: 'Query timed out after 1 s (--query-timeout); its API calls were stopped',
  hint: 'Raise --query-timeout (0 means no limit), or narrow the query with WHERE or LIMIT so it needs fewer API calls',
};

/** A user with a password expiry whose creation time has milliseconds, so precision shows. */
function userWithInstants(fixture: Fixture): User {
  const user = users(fixture).find(
    (candidate) => candidate.password_expiration_date !== null && !candidate.created.endsWith('.000Z'),
  );
  if (!user) throw new Error('the simulated org has no user with a password expiry and a created time in ms');
  return user;
}

/**
 * Just after the 40th user's creation: a text comparison with a literal ten hours behind UTC would
 * leave that user out, an instant comparison keeps them.
 */
const offsetBound = (fixture: Fixture) => Date.parse(userAt(fixture, 40).created) + 1000;
