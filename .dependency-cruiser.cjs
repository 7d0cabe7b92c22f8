/**
 * The layers of src/, checked in CI (`npm run deps`): each layer imports only layers below it,
 * and no module is part of an import cycle. Bottom to top:
 *   neutral (errors, version, edit-distance, util, format, api: facts of the official specs) → sdk → client → config → tables
 *   → connect → engines → cli and library (the entry points, which may import anything).
 * The simulator stands apart: it imports only neutral modules and its own.
 */
const NEUTRAL = '^src/(errors|version|edit-distance)\\.ts$|^src/(util|format|api)/';
const neutral = ['^src/(errors|version|edit-distance)\\.ts$', '^src/(util|format|api)/'];

/** A rule: modules matching `from` import only what matches `allowed` (or node builtins and packages). */
const only = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: the modules in it cannot be understood, tested or moved apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    only(
      'neutral-imports-neutral',
      'Neutral modules are used by every layer and import none.',
      NEUTRAL,
      neutral,
    ),
    only(
      'sdk-imports-neutral',
      'The SDK knows no product: it imports only neutral modules.',
      '^src/sdk/',
      neutral,
    ),
    only(
      'client-imports-neutral',
      'The client knows no SQL: it imports only neutral modules (never sdk, tables, engines, cli).',
      '^src/client/',
      neutral,
    ),
    only(
      'config-imports-client',
      'Config reads settings: it imports only the client and neutral modules.',
      '^src/config/',
      [...neutral, '^src/client/'],
    ),
    only(
      'tables-import-sdk-client',
      'Tables import only the sdk, the client and neutral modules.',
      '^src/tables/',
      [...neutral, '^src/sdk/', '^src/client/'],
    ),
    only(
      'connect-below-engines',
      'Building connections sits above tables and config, below engines and the cli.',
      '^src/connect/',
      [...neutral, '^src/sdk/', '^src/client/', '^src/config/', '^src/tables/'],
    ),
    only('engines-below-cli', 'Engines never import the cli or the library entry points.', '^src/engines/', [
      ...neutral,
      '^src/sdk/',
      '^src/client/',
      '^src/config/',
      '^src/tables/',
      '^src/connect/',
    ]),
    only(
      'simulator-stands-apart',
      'The simulator imports only neutral modules and its own, never client, sdk, engines or cli.',
      '^src/simulator/',
      neutral,
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
