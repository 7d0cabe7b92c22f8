/**
 * The fault suite: every fault the simulator injects, at 5% to 30%, under `query` (Postgres and
 * SQLite engines), `export` (csv, json, jsonl) and `serve` (a node-postgres client): each result
 * must equal the fault-free one row for row, with no row missing or repeated, and the simulator
 * must never receive a write. The engines run in-process over connections with short retries and
 * a short request timeout (test/reliability/faults-helpers.ts), so a `stall` costs 0.6 s; the CLI
 * itself, with its default retries, is covered by faults-cli.test.ts.
 *
 * Each kind runs on every surface, its rate rotating, so every surface also sees every rate;
 * JCSQL_SOAK=1 runs the whole cross product.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionConnections } from '../../src/engines/engine.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/engines/export/writers.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { parseCsv } from '../export/normalise.js';
import {
  engineRows,
  exportText,
  FAULT_KINDS,
  type FaultKind,
  FaultTally,
  faultyConnections,
  openQueryEngines,
  type QueryEngines,
  RATES,
  type Rows,
  SOAK,
} from './faults-helpers.js';

const USERS = 1000;

/** v1 pages (users: 15, devices), v2 pages with and without ids (groups, their members), System Insights. */
const QUERIES = {
  users: 'select id, username, email, department, created from jumpcloud_user order by id',
  groups: 'select id, name, members from jumpcloud_user_group order by id',
  devices: 'select id, display_name, os from jumpcloud_device order by id',
  apps: 'select device_id, name, version, path from jumpcloud_device_macos_app order by device_id, name, version, path',
};
type QueryName = keyof typeof QUERIES;
const EXPORTED = ['jumpcloud_user', 'jumpcloud_user_group'] as const;
/** Exported in API order, so compared as text; rows that wait for a hydrate come in completion order. */
const EXPORTED_IN_ORDER = new Set<string>(['jumpcloud_user']);

const SURFACES = ['postgres', 'sqlite', 'export', 'serve'] as const;
type Surface = (typeof SURFACES)[number];

interface Cell {
  kind: FaultKind;
  /** Each surface's rate: it rotates with kind and surface, so every surface meets every rate. */
  rates: Record<Surface, number>;
  format: ExportFormat;
}

/** One test per kind (per kind and rate with JCSQL_SOAK=1), its surfaces run at once. */
const CELLS: Cell[] = FAULT_KINDS.flatMap((kind, k) =>
  (SOAK ? RATES.map((rate) => () => rate) : [(s: number) => RATES[(k + s) % RATES.length]!]).map(
    (rateOf) => ({
      kind,
      rates: Object.fromEntries(SURFACES.map((surface, s) => [surface, rateOf(s)])) as Record<
        Surface,
        number
      >,
      format: EXPORT_FORMATS[k % EXPORT_FORMATS.length]!,
    }),
  ),
);

/** An export's records in a fixed order (csv keeps its header first), one line each. */
function sortedRecords(text: string, format: ExportFormat): string {
  const records =
    format === 'csv'
      ? parseCsv(text).map((record) => JSON.stringify(record))
      : format === 'json'
        ? (JSON.parse(text) as unknown[]).map((row) => JSON.stringify(row))
        : text.split('\n').filter(Boolean);
  const [header, ...rows] = format === 'csv' ? records : ['', ...records];
  return [header, ...rows.sort()].join('\n');
}

/** A surface over its own simulator (all of the same seed, so the same org), so surfaces run at once. */
interface Setup {
  simulator: RunningSimulator;
  connections: SessionConnections;
}

describe('faults at 5% to 30% on query (postgres, sqlite), export and serve', () => {
  const setups = {} as Record<Surface, Setup>;
  let engines: QueryEngines;
  const tally = new FaultTally('faults.test.ts');
  const injected = new Map<FaultKind, number>();

  /** The fault-free answers, per surface and query (or exported table and format). */
  const expected = new Map<string, Rows | string>();
  const key = (surface: Surface, name: string) => `${surface}/${name}`;

  /** Runs a surface's workload: its results by name, and how many rows they hold. */
  async function workload(surface: Surface, format: ExportFormat) {
    const out = new Map<string, Rows | string>();
    let rows = 0;
    if (surface === 'export') {
      for (const table of EXPORTED) {
        const exported = await exportText(setups.export.connections, table, format);
        const text = EXPORTED_IN_ORDER.has(table) ? exported.text : sortedRecords(exported.text, format);
        out.set(key(surface, `${table}.${format}`), text);
        rows += exported.rows;
      }
      return { out, rows };
    }
    for (const [name, sql] of Object.entries(QUERIES) as Array<[QueryName, string]>) {
      const result =
        surface === 'serve'
          ? ((await engines.client.query(sql)).rows as Rows)
          : await engineRows(surface === 'postgres' ? engines.postgres : engines.sqlite, sql);
      out.set(key(surface, name), result);
      rows += result.length;
    }
    return { out, rows };
  }

  /** One surface under one fault: the answers must be the fault-free ones, and no write made. */
  async function runCell(surface: Surface, kind: FaultKind, rate: number, format: ExportFormat) {
    const { simulator } = setups[surface];
    simulator.resetStats();
    // A fault sequence of its own for each kind, surface and rate (deterministic for each).
    const faultSeed =
      FAULT_KINDS.indexOf(kind) * 1000 + SURFACES.indexOf(surface) * 100 + Math.round(rate * 100);
    simulator.configure({ faults: `${kind}:${rate}`, faultSeed });
    let result: Awaited<ReturnType<typeof workload>>;
    try {
      result = await workload(surface, format);
    } finally {
      simulator.configure({ faults: '' });
    }
    const stats = simulator.stats();
    expect(stats.writes, surface).toBe(0);
    for (const [name, answer] of result.out)
      expect(answer, `${name} under ${kind}:${rate}`).toEqual(expected.get(name));
    injected.set(kind, (injected.get(kind) ?? 0) + (stats.faults[kind] ?? 0));
    tally.addRun(stats.faults, result.rows);
  }

  beforeAll(async () => {
    const started = performance.now();
    const lap = (what: string) =>
      console.info(`[faults] ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await Promise.all(
      SURFACES.map(async (surface) => {
        const simulator = await startSimulator({ users: USERS, seed: 9 });
        setups[surface] = { simulator, connections: faultyConnections(simulator) };
      }),
    );
    lap('simulators');
    engines = await openQueryEngines({
      postgres: setups.postgres.connections,
      sqlite: setups.sqlite.connections,
      serve: setups.serve.connections,
    });
    lap('engines');

    await Promise.all(
      SURFACES.map(async (surface) => {
        for (const format of surface === 'export' ? EXPORT_FORMATS : (['csv'] as const)) {
          const { out } = await workload(surface, format);
          for (const [name, result] of out) expected.set(name, result);
        }
      }),
    );
    lap('fault-free answers');
    for (const surface of SURFACES) expect(setups[surface].simulator.stats().faults).toEqual({});
  }, 120_000);

  afterAll(async () => {
    await engines?.close();
    for (const setup of Object.values(setups)) await setup.simulator.close();
    tally.report();
  });

  it('has fault-free answers that match the simulated org: every user, group and member once', () => {
    const org = setups.postgres.simulator.data.orgs[0]!;
    for (const surface of ['postgres', 'sqlite', 'serve'] as const) {
      const users = expected.get(key(surface, 'users')) as Rows;
      expect(users.map((row) => row.id)).toEqual(org.users.map((user) => user._id).sort());
      const groups = expected.get(key(surface, 'groups')) as Rows;
      expect(groups).toHaveLength(org.userGroups.length);
      for (const group of groups) {
        const members = typeof group.members === 'string' ? JSON.parse(group.members) : group.members;
        // An empty group's members are NULL, as the plugin gives them.
        const ids = ((members ?? []) as Array<{ id: string }>).map((member) => member.id);
        expect(ids).toEqual(org.userGroupMembers.get(group.id as string) ?? []);
      }
      expect((expected.get(key(surface, 'apps')) as Rows).length).toBe(org.apps.length);
    }
    const exported = (expected.get(key('export', 'jumpcloud_user.jsonl')) as string).trim().split('\n');
    expect(exported.map((line) => JSON.parse(line).id)).toEqual(org.users.map((user) => user._id));
    // The biggest group's members take pages of 100 (v2, items without ids): paging is exercised.
    expect(Math.max(...[...org.userGroupMembers.values()].map((m) => m.length))).toBeGreaterThan(300);
  });

  it.each(CELLS)('$kind on every surface', async ({ kind, rates, format }) => {
    await Promise.all(SURFACES.map((surface) => runCell(surface, kind, rates[surface], format)));
  });

  it('met every fault kind', () => {
    for (const kind of FAULT_KINDS) expect(injected.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });

  it('serve answers a persistent fault with an error naming endpoint and status, then serves on', async () => {
    const { simulator } = setups.serve;
    simulator.resetStats();
    simulator.configure({ faults: '500:1' });
    try {
      // The API had answered just before: the client went on past 6 attempts until its last 10 had all failed.
      await expect(engines.client.query(QUERIES.devices)).rejects.toThrow(
        /^JumpCloud API GET \/api\/systems returned 500 Internal Server Error.*\(after 10 attempts\)$/,
      );
    } finally {
      simulator.configure({ faults: '' });
    }
    expect(simulator.stats().writes).toBe(0);
    tally.persistentFailures++;
    // The same connection, and a new one, get whole answers again.
    expect((await engines.client.query(QUERIES.devices)).rows).toEqual(expected.get(key('serve', 'devices')));
    const another = new pg.Client(engines.clientConfig);
    await another.connect();
    try {
      expect((await another.query(QUERIES.users)).rows).toEqual(expected.get(key('serve', 'users')));
    } finally {
      await another.end();
    }
  });
});
