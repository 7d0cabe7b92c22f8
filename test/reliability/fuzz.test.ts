import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { type DemoEngine, openDemoEngine } from '../helpers/engine.js';
import { SOAK, soakScale } from './soak.js';

/** Fixed in CI, so a failure reproduces; fresh under `npm run soak` (printed, to replay it). */
const FUZZ_SEED = SOAK ? Date.now() % 2 ** 31 : 20261129;
if (SOAK) console.log(`[fuzz] seed ${FUZZ_SEED}`);

/**
 * Property: for random WHERE / ORDER BY / LIMIT over the demo org, pushing quals and limits to
 * the API gives exactly the rows a full fetch gives. Values are drawn from the org's own data,
 * so equalities hit real rows as well as missing ones.
 */
describe('pushdown differential, property-based', () => {
  let on: DemoEngine;
  let off: DemoEngine;
  beforeAll(async () => {
    const simulator = await startSimulator({ users: 150, devices: 40 });
    on = await openDemoEngine({ running: simulator, pushdown: true, cache: false });
    off = await openDemoEngine({ running: simulator, pushdown: false });
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
    await on?.simulator.close();
  });

  it(
    'gives the same rows with and without pushdown',
    async () => {
      const users = on.simulator.data.orgs[0]!.users;
      const text = (values: string[]) =>
        fc.constantFrom(...values.map((value) => `'${value.replace(/'/g, "''")}'`));
      const pick = <T>(values: T[]) => fc.constantFrom(...values);
      const userId = text([...users.slice(0, 20).map((user) => user._id), 'ffffffffffffffffffffffff']);
      const email = text([...users.slice(0, 20).map((user) => user.email ?? ''), 'nobody@example.com']);
      const department = text(['Engineering', 'Finance', 'Sales', 'IT', 'Nope']);
      const bool = pick(['true', 'false', "'yes'", "'f'", 'null']);
      const condition = fc.oneof(
        userId.map((id) => `id = ${id}`),
        fc.array(userId, { minLength: 1, maxLength: 4 }).map((ids) => `id in (${ids.join(', ')})`),
        email.map((value) => `email = ${value}`),
        department.map((value) => `department = ${value}`),
        fc
          .array(department, { minLength: 1, maxLength: 3 })
          .map((values) => `department in (${values.join(', ')})`),
        bool.map((value) => `activated = ${value}`),
        bool.map((value) => `suspended is not distinct from ${value}`),
        pick([
          'activated',
          'not suspended',
          'account_locked is true',
          "username like 'a%'",
          "mfa ->> 'configured' = 'true'",
        ]),
      );
      const where = fc
        .array(fc.tuple(condition, pick([' and ', ' or '])), { minLength: 0, maxLength: 3 })
        .map((parts) =>
          parts.length === 0
            ? ''
            : ` where ${parts.map(([c, op], i) => (i === 0 ? c : `${op}${c}`)).join('')}`,
        );
      const order = pick(['', ' order by id', ' order by username desc, id', ' order by department, id']);
      const limit = pick(['', ' limit 3', ' limit 10 offset 5', ' limit 0']);
      const columns = pick(['id', 'id, username, email', '*']);

      await fc.assert(
        fc.asyncProperty(columns, where, order, limit, async (cols, w, o, l) => {
          const sql = `select ${cols} from jumpcloud_user${w}${o}${l}`;
          const actual = await on.query(sql);
          if (o !== '' || l === '') {
            const sorted = (rows: Array<Record<string, unknown>>) =>
              o === '' ? [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : rows;
            expect(sorted(actual), sql).toEqual(sorted(await off.query(sql)));
            return;
          }
          // A LIMIT without ORDER BY may return any of the rows: as many as asked, all of them real.
          const all = (await off.query(`select ${cols} from jumpcloud_user${w}`)).map((row) =>
            JSON.stringify(row),
          );
          const [count, offset] = [
            Number(/limit (\d+)/.exec(l)![1]),
            Number(/offset (\d+)/.exec(l)?.[1] ?? 0),
          ];
          expect(actual.length, sql).toBe(Math.max(0, Math.min(count, all.length - offset)));
          for (const row of actual) expect(all, sql).toContain(JSON.stringify(row));
        }),
        { numRuns: soakScale(120, 2_000), seed: FUZZ_SEED },
      );
    },
    soakScale(300_000, 3_600_000),
  );
});
