import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Fails any test during which a simulator received a write request it did not declare.
    setupFiles: ['test/setup/write-guard.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are large (~300 MB each); two workers fit a 2-core CI machine.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
