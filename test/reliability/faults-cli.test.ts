/**
 * The fault suite through the CLI itself: `jcsql query` (Postgres and SQLite engines) and
 * `jcsql export` (csv, json, jsonl), run in-process against a faulty simulator with the CLI's own
 * retry policy (Retry-After honoured in full). Transient faults must leave stdout exactly as a
 * fault-free run leaves it; persistent ones must exit non-zero with one line naming endpoint and
 * status, nothing on stdout, and no output file, whole or partial.
 *
 * `stall` is not run here: the CLI's request timeout is 30 s. faults.test.ts runs it on the same
 * engines and writers with a short timeout.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type CliRun, jcsql } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/engine.js';
import { FAULT_KINDS, type FaultKind, FaultTally, RATES, SOAK } from './faults-helpers.js';

const USERS = 2000;

/** v1 paging (20 pages of users) and v2 paging (the groups' members, pages of 100 without ids). */
const USERS_SQL = 'select id, username, email, department from jumpcloud_user order by id';
const MEMBERS_SQL = {
  postgres:
    "select g.id, m ->> 'id' as member from jumpcloud_user_group g, jsonb_array_elements(g.members) m order by 1, 2",
  sqlite:
    "select g.id, json_extract(m.value, '$.id') as member from jumpcloud_user_group g, json_each(g.members) m order by 1, 2",
};

const SURFACES = ['query-postgres', 'query-sqlite', 'export-csv', 'export-json', 'export-jsonl'] as const;
type Surface = (typeof SURFACES)[number];

const args = (surface: Surface): string[] => {
  switch (surface) {
    case 'query-postgres':
      return ['query', '--no-cache', '--output', 'csv', USERS_SQL, MEMBERS_SQL.postgres];
    case 'query-sqlite':
      return ['query', '--engine', 'sqlite', '--no-cache', '--output', 'json', USERS_SQL, MEMBERS_SQL.sqlite];
    default:
      return ['export', 'jumpcloud_user', '--output', surface.slice('export-'.length)];
  }
};

/** The CLI cannot shorten its 30 s request timeout, so no `stall`. */
const KINDS = FAULT_KINDS.filter((kind) => kind !== 'stall');

/**
 * Each kind once or twice, every surface and every rate at least twice (a Postgres run costs its
 * cluster's opening, so only two), each run long enough to meet its fault a few times.
 * JCSQL_SOAK=1: every kind at every rate on every surface.
 */
const CELLS: Array<{ kind: FaultKind; rate: number; surface: Surface; faultSeed: number }> = (
  SOAK
    ? KINDS.flatMap((kind) => RATES.flatMap((rate) => SURFACES.map((surface) => ({ kind, rate, surface }))))
    : (
        [
          ['429', 0.2, 'export-csv'],
          ['429-bare', 0.1, 'query-sqlite'],
          ['500', 0.05, 'query-sqlite'],
          ['502', 0.3, 'export-json'],
          ['503', 0.05, 'query-sqlite'],
          ['reset', 0.3, 'export-jsonl'],
          ['malformed', 0.2, 'export-json'],
          ['totalcount', 0.2, 'export-csv'],
          ['totalcount', 0.1, 'query-postgres'],
          ['shift', 0.3, 'query-sqlite'],
          ['shift', 0.2, 'export-jsonl'],
        ] as const
      ).map(([kind, rate, surface]) => ({ kind, rate, surface }))
).map((cell, i) => ({ ...cell, faultSeed: i + 1 }));

/** Rows in a run's stdout: csv lines less headers, json rows, jsonl lines. */
function rowsIn(surface: Surface, stdout: string): number {
  if (surface === 'query-sqlite')
    return stdout
      .trim()
      .split('\n')
      .filter((line) => line.trim().startsWith('{') && line.includes('"id"')).length;
  return stdout.split('\n').filter((line) => line.trim() !== '' && line !== '[' && line !== ']').length;
}

describe('jcsql query and export under faults', () => {
  let simulator: RunningSimulator;
  let configDir: string;
  const tally = new FaultTally('faults-cli.test.ts');
  const expected = new Map<Surface, string>();
  const injected = new Map<FaultKind, number>();

  const env = (sim: RunningSimulator) => ({
    JCSQL_CONFIG_DIR: configDir,
    JUMPCLOUD_API_URL: sim.url,
    JUMPCLOUD_API_KEY: sim.apiKey,
  });
  const run = (sim: RunningSimulator, argv: string[]): Promise<CliRun> => jcsql(argv, { env: env(sim) });

  beforeAll(async () => {
    simulator = await startSimulator({ users: USERS, seed: 5 });
    configDir = makeTempDir('jcsql-faults-cfg-');
    for (const surface of SURFACES) {
      const clean = await run(simulator, args(surface));
      expect(clean.stderr, surface).toBe('');
      expect(clean.code).toBe(0);
      expected.set(surface, clean.stdout);
    }
    expect(simulator.stats().faults).toEqual({});
  }, 120_000);

  afterAll(async () => {
    await simulator?.close();
    tally.report();
  });

  it('has fault-free output holding every user (and every membership) once', () => {
    const org = simulator.data.orgs[0]!;
    const memberships = [...org.userGroupMembers.values()].reduce((sum, ids) => sum + ids.length, 0);
    const csv = expected.get('query-postgres')!.trim().split('\n');
    // Two results: a header and the users, a blank line, a header and the memberships.
    expect(csv).toHaveLength(1 + USERS + 1 + 1 + memberships);
    expect(new Set(csv.slice(1, 1 + USERS).map((line) => line.split(',')[0])).size).toBe(USERS);
    const jsonl = expected.get('export-jsonl')!.trim().split('\n');
    expect(jsonl.map((line) => JSON.parse(line).id)).toEqual(org.users.map((user) => user._id));
  });

  it.each(CELLS)('$kind at $rate: $surface', async ({ kind, surface, rate, faultSeed }) => {
    simulator.resetStats();
    // A fault sequence of its own for each run (deterministic: the same run meets the same faults).
    simulator.configure({ faults: `${kind}:${rate}`, faultSeed });
    let result: CliRun;
    try {
      result = await run(simulator, args(surface));
    } finally {
      simulator.configure({ faults: '' });
    }
    const stats = simulator.stats();
    expect(stats.writes).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected.get(surface));
    // Each CI run is long enough to meet its fault (soak runs at 5% may not: they are counted by kind below).
    if (!SOAK) expect(stats.faults[kind] ?? 0, 'faults injected').toBeGreaterThan(0);
    injected.set(kind, (injected.get(kind) ?? 0) + (stats.faults[kind] ?? 0));
    tally.addRun(stats.faults, rowsIn(surface, result.stdout));
  });

  it('met every fault kind it ran', () => {
    for (const kind of KINDS) expect(injected.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });

  describe('persistent faults', () => {
    /** Each case on a simulator of its own, all at once: the retries' waits overlap. */
    async function persistent(spec: string, argv: (dir: string) => string[]) {
      const sim = await startSimulator({ users: USERS, seed: 5, faults: spec });
      const dir = makeTempDir('jcsql-faults-out-');
      try {
        const result = await run(sim, argv(dir));
        expect(sim.stats().writes).toBe(0);
        tally.persistentFailures++;
        return { result, dir };
      } finally {
        await sim.close();
      }
    }

    /** One line on stderr, no stack trace. */
    const oneLine = (stderr: string) => {
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
      return stderr.trim();
    };

    /** An export to a file whose first page is answered, and every request after it fails. */
    async function failingPartWay() {
      const sim = await startSimulator({ users: USERS, seed: 5 });
      const dir = makeTempDir('jcsql-faults-out-');
      try {
        const running = run(sim, [
          'export',
          'jumpcloud_user',
          '--output',
          'jsonl',
          '--output-file',
          join(dir, 'users.jsonl'),
        ]);
        while (!sim.requestLog().some((entry) => entry.status === 200))
          await new Promise((resolve) => setTimeout(resolve, 1));
        sim.configure({ faults: '500:1' });
        const result = await running;
        expect(sim.stats().writes).toBe(0);
        tally.persistentFailures++;
        return { result, dir };
      } finally {
        await sim.close();
      }
    }

    it('exit non-zero with one line naming endpoint and status, no output, no file', async () => {
      const [postgres, sqlite, file, stdout, changing, partWay] = await Promise.all([
        persistent('500:1', () => ['query', USERS_SQL]),
        persistent('503:1', () => ['query', '--engine', 'sqlite', USERS_SQL]),
        persistent('reset:1', (dir) => ['export', 'jumpcloud_user', '--output-file', join(dir, 'users.csv')]),
        persistent('429:1', () => ['export', 'jumpcloud_user', '--output', 'jsonl']),
        persistent('shift:1', () => ['query', '--engine', 'sqlite', USERS_SQL]),
        failingPartWay(),
      ]);

      expect(postgres.result.code).toBe(EXIT.queryFailed);
      expect(postgres.result.stdout).toBe('');
      expect(oneLine(postgres.result.stderr)).toMatch(
        /^Error: JumpCloud API GET \/api\/systemusers returned 500 Internal Server Error.* \(after 6 attempts\)$/,
      );

      expect(sqlite.result.code).toBe(EXIT.queryFailed);
      expect(sqlite.result.stdout).toBe('');
      expect(oneLine(sqlite.result.stderr)).toMatch(
        /^Error: JumpCloud API GET \/api\/systemusers returned 503 Service Unavailable.* \(after 6 attempts\)$/,
      );

      expect(file.result.code).toBe(EXIT.failed);
      expect(file.result.stdout).toBe('');
      expect(oneLine(file.result.stderr)).toMatch(
        /^Error: Export failed: JumpCloud API GET \/api\/systemusers could not be reached .*\(after 6 attempts\).*users\.csv was not written/,
      );
      expect(readdirSync(file.dir)).toEqual([]); // neither the file nor its temporary

      expect(stdout.result.code).toBe(EXIT.failed);
      expect(stdout.result.stdout).toBe('');
      expect(oneLine(stdout.result.stderr)).toMatch(
        /^Error: Export failed: JumpCloud API GET \/api\/systemusers returned 429 Too Many Requests.*\(after 6 attempts\).*nothing was written/,
      );

      expect(changing.result.code).toBe(EXIT.queryFailed);
      expect(changing.result.stdout).toBe('');
      expect(oneLine(changing.result.stderr)).toMatch(
        /^Error: JumpCloud API GET \/api\/systemusers kept changing while it was paged \(.+; read 3 times\); try again$/,
      );

      // The first page came: its rows went into the temporary file. Neither it nor the file remains.
      expect(partWay.result.code).toBe(EXIT.failed);
      expect(oneLine(partWay.result.stderr)).toMatch(
        /^Error: Export failed: JumpCloud API GET \/api\/systemusers returned 500 .*users\.jsonl was not written/,
      );
      expect(existsSync(join(partWay.dir, 'users.jsonl'))).toBe(false);
      expect(readdirSync(partWay.dir)).toEqual([]);
    }, 60_000);
  });
});
