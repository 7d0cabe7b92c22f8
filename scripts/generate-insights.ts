/**
 * `npm run generate`: writes the System Insights tables' definitions, the simulator's schema of
 * them and their docs pages from the official spec (see ./insights/generate.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from './insights/generate.js';

const root = join(import.meta.dirname, '..');
export const SPEC = join(root, '..', 'shared', 'jumpcloud-api', 'jumpcloud-api-v2.yaml');

const files = generate(readFileSync(SPEC, 'utf8'));
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${files.size} files`);
