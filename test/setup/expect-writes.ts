/**
 * The one way a test may send write requests to a simulator: it says so, and how many, with
 * `expectWrites(n)`. The guard (write-guard.ts, run before every test file) then checks that the
 * test's simulators received exactly `n` writes instead of none. The declaration lasts for the
 * test that makes it; it is kept on globalThis, so the guard and the test share it whatever
 * module copies they load.
 */
import { type ReceivedWrite, takeWrites } from '../../src/simulator/write-guard.js';

const KEY = Symbol.for('jcsql.test.expectedWrites');

type Holder = { [KEY]?: number | undefined };

/** Declares that the current test sends exactly `count` write requests to a simulator, on purpose. */
export function expectWrites(count: number): void {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`expectWrites takes a count of at least 1, got ${count}`);
  (globalThis as Holder)[KEY] = count;
}

/** The count the current test declared (0 when it declared none), and forgets it. */
export function takeExpectedWrites(): number {
  const holder = globalThis as Holder;
  const count = holder[KEY] ?? 0;
  holder[KEY] = undefined;
  return count;
}

const list = (requests: ReceivedWrite[], count: number) =>
  requests.map((request) => `${request.method} ${request.url}`).join(', ') +
  (count > requests.length ? `, … (${count - requests.length} more)` : '');

/**
 * Takes the writes the simulators of this process received since the last check and throws
 * unless there were exactly `expected` of them.
 */
export function checkWrites(where: string, expected: number): void {
  const { count, requests } = takeWrites();
  if (count === expected) return;
  if (expected === 0) {
    throw new Error(
      `The simulator received ${count} write request${count === 1 ? '' : 's'} during ${where}: ${list(requests, count)}. ` +
        'jcsql must never write to JumpCloud; a test that sends writes on purpose declares them with expectWrites(n) (test/setup/expect-writes.ts).',
    );
  }
  throw new Error(
    `${where} declared expectWrites(${expected}), but the simulator received ${count}${count > 0 ? `: ${list(requests, count)}` : ''}`,
  );
}
