import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTS_FILE, factsModule } from '../../scripts/api-facts.js';
import { generate, specPaths, tableName } from '../../scripts/insights/generate.js';
import { allColumns } from '../../src/sdk/index.js';
import { tablesByName } from '../../src/tables/index.js';
import { SPEC_DIR } from '../helpers/openapi.js';

const specText = readFileSync(join(SPEC_DIR, 'jumpcloud-api-v2.yaml'), 'utf8');
const root = join(import.meta.dirname, '..', '..');

describe('System Insights tables, generated from the spec', () => {
  const paths = specPaths(specText);

  it('finds every System Insights list of the spec (the path without an operation has no table)', () => {
    const all = [...specText.matchAll(/^ {2}\/systeminsights\/([a-z0-9_]+):$/gm)].map((m) => m[1]!);
    expect(all.length).toBe(61);
    expect(all.filter((api) => !paths.some((path) => path.api === api))).toEqual(['windows_crashes']);
    expect(paths).toHaveLength(60);
  });

  it.each(specPaths(specText).map((path) => [path.api, path] as const))(
    '/systeminsights/%s is a table that lists it, with a column for each field',
    (_api, path) => {
      const table = tablesByName.get(tableName(path.api));
      expect(table, tableName(path.api)).toBeDefined();
      const names = allColumns(table!).map((column) => column.name);
      expect(names[0]).toBe('device_id');
      expect(names).toContain('collection_time');
      expect(names).toContain('organization_id');
      // The hand-written tables (the Steampipe plugin's) name some fields their own way.
      if (!['apps', 'programs', 'linux_packages'].includes(path.api)) {
        const renamed: Record<string, string> = { device_id: 'drive_device_id', system_id: 'device_id' };
        for (const property of path.properties)
          expect(names).toContain(renamed[property.name] ?? property.name);
      }
    },
  );

  it('the checked-in API facts (association targets, event services) are what `npm run generate` writes', () => {
    const diText = readFileSync(join(SPEC_DIR, 'jumpcloud-directory-insights-v1.yaml'), 'utf8');
    expect(readFileSync(join(root, FACTS_FILE), 'utf8'), 'stale: run `npm run generate`').toBe(
      factsModule(specText, diText),
    );
  });

  it('the checked-in files are what `npm run generate` writes from the spec', () => {
    const files = generate(specText);
    expect(files.size).toBeGreaterThan(57);
    const stale = [...files].filter(([path, content]) => {
      try {
        return readFileSync(join(root, path), 'utf8') !== content;
      } catch {
        return true;
      }
    });
    expect(
      stale.map(([path]) => path),
      'stale: run `npm run generate`',
    ).toEqual([]);
  });
});
