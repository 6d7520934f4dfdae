import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Layers, lowest first: a project may import its own layer and the ones below it, never one above.
// contracts: types, schemas, the SDK; core: pure Nest helpers (config, http, auth); adapter: one
// outside system each (MySQL, Kafka, Eureka, breakers, logs and metrics); platform: the service
// kernel; app: the services and the storefront, which never import each other. testing (the test
// helpers) and tooling (stack CLI, e2e, bench, deploy) sit on top; only tests reach them from below.
const LAYERS = ['contracts', 'core', 'adapter', 'platform'];
const below = (layer) => LAYERS.slice(0, LAYERS.indexOf(layer) + 1).map((l) => `layer:${l}`);

/** The module boundaries; `inTests` adds the test helpers and the stack CLI for test files. */
function boundaries(inTests) {
  const helpers = inTests ? ['layer:testing', 'type:stack'] : [];
  const layer = (sourceTag, allowed) => ({
    sourceTag,
    onlyDependOnLibsWithTags: [...allowed, ...helpers],
  });
  // scopes: the browser gets the shared contracts only; server code never reaches an app's scope
  const scope = (sourceTag, allowed) => ({
    sourceTag,
    onlyDependOnLibsWithTags: [...allowed, ...(inTests ? ['scope:tooling'] : [])],
  });
  const server = ['scope:shared', 'scope:server'];
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      ...LAYERS.map((l) => layer(`layer:${l}`, below(l))),
      layer('layer:app', below('platform')),
      layer('layer:testing', [...below('platform'), 'layer:testing']),
      layer('layer:tooling', [...below('platform'), 'layer:testing', 'layer:tooling']),
      { sourceTag: 'type:stack', notDependOnLibsWithTags: ['type:e2e', 'type:bench'] },
      scope('scope:shared', ['scope:shared']),
      scope('scope:server', server),
      scope('scope:storefront', ['scope:shared']),
      ...['gateway', 'catalog', 'orders', 'inventory', 'notifications'].map((app) =>
        scope(`scope:${app}`, [...server, `scope:${app}`]),
      ),
      scope('scope:tooling', [...server, 'scope:tooling']),
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.stack', '**/*.js', '**/*.cjs', '**/*.mjs', 'tmp'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // `const { omitted: _omitted, ...rest } = x` is how a copy without a member is made
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    // the storefront's components: the same boundaries (the rule needs no type information)
    files: ['**/*.tsx'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(false)] },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**/*.ts',
      'e2e/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // tests start real servers and services with the testing lib and the stack CLI's server API
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/src/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  prettier,
];
