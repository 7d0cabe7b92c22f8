import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { controlsMarkdown } from '../../src/check/docs.js';
import { loadCatalog } from '../../src/check/load.js';

const FILE = join(import.meta.dirname, '..', '..', 'docs', 'check-controls.md');

it('docs/check-controls.md documents every built-in control, as its file says', () => {
  const text = controlsMarkdown(loadCatalog({ env: { HOME: '/nonexistent' } }), 'jumpcloud');
  if (process.env.JCSQL_UPDATE_DOCS) writeFileSync(FILE, text);
  expect(readFileSync(FILE, 'utf8')).toBe(text);
});
