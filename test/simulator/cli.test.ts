import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../helpers/build.js';

const MAIN = 'dist/cli/main.js';

beforeAll(buildIfStale, 120_000);

async function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === count) break;
  }
  return lines;
}

describe('jcsql demo serve', () => {
  it('prints the three environment lines, serves, and exits 0 on SIGINT', async () => {
    const child = spawn('node', [MAIN, 'demo', 'serve', '--port', '0', '--users', '25', '--seed', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = await firstLines(child, 3);
    expect(lines[0]).toMatch(/^JUMPCLOUD_API_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^JUMPCLOUD_API_KEY=\S{40}$/);
    expect(lines[2]).toMatch(/^JUMPCLOUD_ORG_ID=[0-9a-f]{24}$/);
    const env = Object.fromEntries(lines.map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const r = await fetch(`${env.JUMPCLOUD_API_URL}/api/systemusers?limit=1`, {
      headers: { 'x-api-key': env.JUMPCLOUD_API_KEY!, 'x-org-id': env.JUMPCLOUD_ORG_ID! },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { totalCount: number }).totalCount).toBe(25);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('rejects a bad numeric flag with a clear message', () => {
    let stderr = '';
    let status = 0;
    try {
      execFileSync('node', [MAIN, 'demo', 'serve', '--users', 'abc'], { stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).not.toBe(0);
    expect(stderr).toContain("--users must be a non-negative integer, got 'abc'");
  });
});
