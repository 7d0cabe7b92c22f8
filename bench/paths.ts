import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file runs as build/bench/bench/paths.js. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built CLI (`npm run build`), as users run it. */
export const CLI_PATH = join(ROOT, 'dist', 'cli', 'main.js');

/** The worker that runs one measurement in a fresh process. */
export const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));

export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');

/**
 * The jcsql home every bench process uses: the prepared Postgres cluster is made once (the first
 * run on a machine) and opened after that, as on a user's machine; an empty config directory keeps
 * the user's own `.spc` files out of the measurement.
 */
export const BENCH_HOME = process.env.JCSQL_BENCH_HOME ?? join(tmpdir(), 'jcsql-bench-home');
export const BENCH_CONFIG_DIR = join(BENCH_HOME, 'config');
