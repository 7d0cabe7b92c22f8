/**
 * Registers the conformance cases (./cases.ts) for one engine: one simulated org and one engine
 * for the file, each case asked of it and its answer compared, in the canonical representation,
 * with the answer worked out from the simulator's data or the SDK's scan(). A case that needs
 * what the engine skips is registered as skipped, with the engine's reason in its name.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatorConnections } from '../../../src/cli/session.js';
import { type Row, ScanStats, scan } from '../../../src/sdk/index.js';
import type { RunningSimulator, SimulatorOptions } from '../../../src/simulator/index.js';
import { tablesByName } from '../../../src/tables/index.js';
import { TEST_RETRY } from '../../helpers/engine.js';
import { type Answer, canonicalText, type EngineAdapter, type EngineUnderTest } from './adapter.js';
import {
  type Case,
  conformanceCases,
  type ErrorCase,
  type Fixture,
  type Reference,
  type RowsCase,
  type TimeoutCase,
  type TypesCase,
} from './cases.js';

/** The org every engine reads: more users than three pages, so paging shows in the call counts. */
export const CONFORMANCE_ORG: SimulatorOptions = { users: 250, devices: 30, groups: 12 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads tables through the SDK alone (no engine), once each, on a connection without a cache,
 * named as the engine's is.
 */
function openFixture(simulator: RunningSimulator, connection: string): Fixture {
  const handles = simulatorConnections(simulator, { cache: false, retry: TEST_RETRY }).default.map(
    (handle) => ({ ...handle, name: connection }),
  );
  const references = new Map<string, Promise<Reference>>();
  const read = async (name: string): Promise<Reference> => {
    const table = tablesByName.get(name);
    if (!table) throw new Error(`no table named ${name} in the registry`);
    simulator.resetStats();
    const rows: Row[] = [];
    for await (const page of scan(table, handles, { quals: [], columns: 'all' }, new ScanStats()))
      rows.push(...page);
    return { rows, calls: simulator.stats().byRoute };
  };
  return {
    org: simulator.data.orgs[0]!,
    // One read at a time: each counts its own calls.
    reference: (name) => {
      const previous = [...references.values()].at(-1) ?? Promise.resolve(undefined);
      const reference = references.get(name) ?? previous.then(() => read(name));
      references.set(name, reference);
      return reference;
    },
  };
}

/** Rows as a sorted list of their canonical texts: equal lists are equal multisets. */
const multiset = (rows: unknown[][]) => rows.map(canonicalText).sort();

/** The rows of an answer that must not be an error. */
function rowsOf(answer: Answer) {
  if ('error' in answer) throw new Error(`expected rows, got the error ${JSON.stringify(answer.error)}`);
  return answer;
}

export function conformanceSuite(engine: EngineUnderTest): void {
  describe(`conformance: ${engine.name}`, () => {
    let adapter: EngineAdapter;
    let fixture: Fixture;
    beforeAll(async () => {
      adapter = await engine.open(CONFORMANCE_ORG);
      fixture = openFixture(adapter.simulator, adapter.connection);
    });
    afterAll(() => adapter?.close());
    afterEach(() => adapter.simulator.configure({ faults: '', latencyMs: 0 }));

    /** Asks, counting the API calls of the question alone. */
    const ask = async (testCase: Case, timeoutSeconds?: number) => {
      const question = await testCase.ask(fixture);
      adapter.simulator.resetStats();
      const answer = await adapter.ask(question, { timeoutSeconds });
      return { answer, calls: adapter.simulator.stats().byRoute };
    };

    const checkRows = async (testCase: RowsCase) => {
      const expected = await testCase.rows(fixture);
      // The org must give the case something to compare: a case with no rows proves nothing.
      expect(expected.length > 0).toBe(!testCase.none);
      const expectedCalls = testCase.calls && (await testCase.calls(fixture));
      const { answer, calls } = await ask(testCase);
      const { columns, rows } = rowsOf(answer);
      // An export with no rows has no names to show; rows of any engine always do.
      if (columns !== null || rows.length > 0)
        expect(columns?.map((column) => column.name)).toEqual(testCase.columns.map(([name]) => name));
      const actual = rows.map((row) =>
        row.map((value, index) => adapter.normalise(value, testCase.columns[index]![1])),
      );
      if (testCase.ordered && adapter.ordersRows) expect(actual).toEqual(expected);
      else expect(multiset(actual)).toEqual(multiset(expected));
      if (expectedCalls) expect(calls).toEqual(expectedCalls);
    };

    const checkTypes = async (testCase: TypesCase) => {
      const typeNames = adapter.typeNames;
      if (!typeNames) throw new Error(`${engine.name} names no types: it must skip 'types'`);
      const { columns } = rowsOf((await ask(testCase)).answer);
      expect(columns).toEqual(testCase.columns.map(([name, type]) => ({ name, type: typeNames[type] })));
    };

    const expectedError = (testCase: ErrorCase | TimeoutCase) => {
      const error = testCase.errors[engine.name];
      if (!error)
        throw new Error(
          `the case names no error of ${engine.name}: add it, or have the engine skip the case`,
        );
      return { error };
    };

    const checkError = async (testCase: ErrorCase) => {
      const expectedCalls = (await testCase.calls?.(fixture))?.[engine.name] ?? {};
      const { answer, calls } = await ask(testCase);
      expect(answer).toEqual(expectedError(testCase));
      expect(calls).toEqual(expectedCalls);
    };

    const checkTimeout = async (testCase: TimeoutCase) => {
      const { simulator } = adapter;
      simulator.configure({ faults: 'stall:1', latencyMs: 0 }); // no request is ever answered
      const { answer } = await ask(testCase, 1);
      expect(answer).toEqual(expectedError(testCase));
      // The statement reached the API, then its calls stopped: none is sent after it gave up.
      const sent = simulator.stats().total;
      expect(sent).toBeGreaterThan(0);
      await sleep(600);
      expect(simulator.stats().total).toBe(sent);
    };

    for (const testCase of conformanceCases()) {
      const skipped = testCase.needs?.map((feature) => engine.skips[feature]).find(Boolean);
      if (skipped) {
        it.skip(`${testCase.name} (skipped: ${skipped})`, () => {});
        continue;
      }
      it(testCase.name, async () => {
        switch (testCase.kind) {
          case 'rows':
            return checkRows(testCase);
          case 'types':
            return checkTypes(testCase);
          case 'error':
            return checkError(testCase);
          case 'timeout':
            return checkTimeout(testCase);
        }
      });
    }
  });
}
