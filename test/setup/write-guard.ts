/**
 * Suite-wide read-only guard (a vitest setup file, run before every test file): jcsql must never
 * write to JumpCloud, so after each test, and after each file's hooks, it asserts that no
 * simulator started in this process received a write request (anything but GET and the read-only
 * search and insights POSTs). A test that sends writes on purpose declares them with
 * `expectWrites(n)` from ./expect-writes.ts.
 *
 * Simulators in child processes (a spawned `jcsql demo serve`, say) are not seen here; tests
 * that use them check the simulator's `stats().writes` themselves.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { takeWrites } from '../../src/simulator/write-guard.js';
import { checkWrites, takeExpectedWrites } from './expect-writes.js';

beforeAll(() => {
  takeWrites(); // a fresh count for this file, whatever ran before it in this process
  takeExpectedWrites();
});

// Registered first, so (hooks run as a stack) it runs after the test file's own afterEach hooks.
afterEach((context) => {
  checkWrites(`the test "${context.task.name}"`, takeExpectedWrites());
});

afterAll(() => {
  checkWrites('the hooks of this file (beforeAll, afterAll)', takeExpectedWrites());
});
