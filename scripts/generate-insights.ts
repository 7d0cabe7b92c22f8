/**
 * `npm run generate`: writes the System Insights tables' definitions, the simulator's schema of
 * them and their docs pages from the official spec (see ./insights/generate.ts), and the API
 * facts the simulator and the tables share (./api-facts.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FACTS_FILE, factsModule } from './api-facts.js';
import { generate } from './insights/generate.js';

const root = join(import.meta.dirname, '..');
const specDir = join(root, '..', 'shared', 'jumpcloud-api');
const v2Text = readFileSync(join(specDir, 'jumpcloud-api-v2.yaml'), 'utf8');
const diText = readFileSync(join(specDir, 'jumpcloud-directory-insights-v1.yaml'), 'utf8');

const files = generate(v2Text);
files.set(FACTS_FILE, factsModule(v2Text, diText));
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${files.size} files`);
