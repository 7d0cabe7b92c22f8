import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { checkWrites, expectWrites } from './expect-writes.js';

/** The guard itself: it sees every kind of write, lets the read-only requests through, and can fail. */
describe('the suite-wide write guard', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  const send = (path: string, method: string, body?: string) =>
    fetch(`${sim.url}${path}`, { method, body, headers: { 'x-api-key': sim.apiKey } }).then((r) => r.status);

  it('lets GET, HEAD and the read-only search and insights POSTs through', async () => {
    expect(await send('/api/systemusers', 'GET')).toBe(200);
    expect(await send('/api/systemusers', 'HEAD')).toBe(200);
    expect(await send('/api/search/systemusers', 'POST', '{}')).toBe(200);
    const events = JSON.stringify({ service: ['all'], start_time: '2020-01-01T00:00:00Z' });
    expect(await send('/insights/directory/v1/events', 'POST', events)).toBe(200);
    expect(() => checkWrites('this test', 0)).not.toThrow();
  });

  it.each([
    ['PUT', '/api/systemusers/5e615dd30000010000000001'],
    ['PATCH', '/api/v2/usergroups/x/members'],
    ['DELETE', '/api/systems/x'],
    ['POST', '/api/systemusers'],
    ['POST', '/api/v2/usergroups/x/members'],
    ['OPTIONS', '/api/systemusers'],
    ['PUT', '/api/no/such/route'],
  ])('fails on %s %s, naming it', async (method, path) => {
    expect(await send(path, method, method === 'OPTIONS' ? undefined : '{}')).not.toBe(200);
    expect(() => checkWrites('this test', 0)).toThrow(`${method} ${path}`);
  });

  it('holds a test that declared writes to its count', async () => {
    await send('/api/systemusers', 'POST', '{}');
    expect(() => checkWrites('this test', 2)).toThrow(
      /declared expectWrites\(2\), but the simulator received 1/,
    );
    await send('/api/systemusers', 'POST', '{}');
    expectWrites(1); // the guard after this test checks it
  });
});
