// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Workflow code is bundled and replayed: it must stay deterministic and free of I/O.
// These modules are refused there; activities do the I/O.
const nodeBuiltins = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/**
 * The rules of a pure engine (sentiment/engine, topics/engine): no Node I/O, storage, HTTP, logging or
 * Temporal, natural only through its submodules, no environment; `patterns` names what else it may not import.
 */
/** An engine that depends on nothing of the application: the application calls it. */
function applicationImports(engine) {
  return {
    group: [
      '**/workflows',
      '**/workflows/**',
      '**/activities',
      '**/activities/**',
      '**/storage/**',
      '**/api/**',
      '**/platform/**',
      '**/dev',
      '**/dev/**',
    ],
    message: `${engine} depends on nothing of the application: the application calls it.`,
  };
}

function pureEngineRules(engine, patterns) {
  const paths = [
    ...[...nodeBuiltins, 'module'].flatMap((m) => [m, `node:${m}`]),
    'mongoose',
    'express',
    'pino',
  ]
    .map((name) => ({ name, message: `${engine} is pure: no I/O at call time.` }))
    .concat({
      name: 'natural',
      message: "Import natural's submodules: its index pulls in storage backends that read .env.",
    });
  return {
    'no-restricted-imports': [
      'error',
      {
        paths,
        patterns: [
          { group: ['@temporalio/*'], message: `${engine} does not depend on Temporal.` },
          ...patterns,
        ],
      },
    ],
    'no-restricted-globals': ['error', { name: 'process', message: `${engine} reads no environment.` }],
  };
}
// The architecture's boundaries (README, "Architecture"): a workflow's contract is its `messages.ts`, a leaf
// module; everything else under workflows/ is code only the worker loads, inside its sandbox.
const workflowInternals = {
  // A regex, not a glob: globs do not match the `../` of relative specifiers.
  regex: '(^|/)workflows/(?!([^/]+/)?messages$|customer/searchAttributes$)',
  allowTypeImports: true,
  message:
    "Outside workflows/ import a workflow's contract (workflows/<entity>/messages.ts) instead; a type-only import of the workflow function is fine for typed starts.",
};
// dev/ runs the local stack (embedded servers, tool installs): the production processes never load it.
const devOnly = {
  group: ['**/dev', '**/dev/**'],
  message: 'dev/ is for the local stack, scripts, benches and tests; production code does not load it.',
};
const forbiddenInWorkflows = [
  ...nodeBuiltins,
  ...nodeBuiltins.map((m) => `node:${m}`),
  'mongoose',
  'express',
  'natural',
  'pino',
  'luxon',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'dist/', 'web/dist/', 'coverage/', 'test/histories/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      // Value imports only; `npm run lint:cycles` (madge) also follows type-only imports.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'object-shorthand': ['error', 'always'],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows.map((name) => ({
            name,
            message:
              'Workflow and domain code must be deterministic and free of I/O: do this in an activity.',
          })),
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Workflows import activity types only.',
            },
            devOnly,
            {
              group: ['**/sentiment/engine', '**/sentiment/engine/**', '**/sentiment/training/**'],
              message:
                'Scoring is CPU work for an activity (activities/scoreSentiment.ts), not workflow code.',
            },
            {
              group: ['**/topics/engine', '**/topics/engine/**'],
              message: 'Topic tagging is CPU work for an activity, not workflow code.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'Workflow code may not read the environment.' },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows
            .filter((n) => n !== 'luxon')
            .map((name) => ({ name, message: 'Domain rules are pure: no I/O.' })),
          patterns: [
            { group: ['@temporalio/*'], message: 'Domain rules do not depend on Temporal.' },
            {
              group: [
                '**/workflows/**',
                '**/activities/**',
                '**/storage/**',
                '**/api/**',
                '**/platform/**',
                '**/dev/**',
                '**/sentiment/engine',
                '**/sentiment/engine/**',
                '**/sentiment/training/**',
                '**/topics/engine',
                '**/topics/engine/**',
              ],
              message: 'Domain rules depend on nothing but the domain: the other layers depend on them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts', 'activities/**/*.ts', 'storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [workflowInternals, devOnly] }] },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['bench/workflows/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [workflowInternals] }] },
  },
  {
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [devOnly] }] },
  },
  {
    // The sentiment engine is pure CPU: the worker calls it in a local activity and the CLI calls it
    // directly, so it knows nothing of Temporal, storage, HTTP or logging, and does no I/O when called.
    // One exception, allowed at its two import lines only: sentiment/engine/vaderLexicon.ts reads VADER's
    // word list from the vader-sentiment package once, when the module loads (node:module to find the
    // file, node:fs to read it). The list is used where npm installed it rather than copied into the
    // repository (docs/SENTIMENT.md, "Lexicon"); no call to the engine touches a file.
    files: ['sentiment/engine/**/*.ts'],
    rules: pureEngineRules('The sentiment engine', [
      {
        group: ['**/training', '**/training/**'],
        message: 'sentiment/training is for the scripts; the engine must load without it.',
      },
      {
        group: ['**/workflows/**', '**/activities/**', '**/storage/**', '**/api/**'],
        message: 'The sentiment engine depends on nothing of the application: the application calls it.',
      },
    ]),
  },
  {
    // The topic tagger is pure CPU like the sentiment engine it builds on: no Temporal, storage, HTTP,
    // logging or Node I/O, and none of the application. It reaches the sentiment engine through its index
    // only, and natural through its submodules only.
    files: ['topics/engine/**/*.ts'],
    rules: pureEngineRules('The topic tagger', [
      {
        group: ['**/sentiment/engine/*', '**/sentiment/training', '**/sentiment/training/**'],
        message: 'Use the sentiment engine through its index (sentiment/engine), not its files.',
      },
      applicationImports('The topic tagger'),
    ]),
  },
  {
    // The template engine (templates/) is pure CPU like the engines above: the API and the delivery activity
    // call it with a template and a context, and it reads no file, store or setting (docs/TEMPLATES.md).
    files: ['templates/**/*.ts'],
    rules: pureEngineRules('The template engine', [applicationImports('The template engine')]),
  },
  {
    // The process plumbing knows nothing of what runs on it: search attributes and the like come in as data.
    files: ['platform/**/*.ts', 'dev/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows', '**/workflows/**', '**/activities', '**/activities/**', '**/api/**'],
              message: 'platform/ and dev/ import nothing from the application: pass what they need in.',
            },
          ],
        },
      ],
    },
  },
  {
    // Settings are read in one place, platform/config.ts (zod-validated, documented in the README). Passing the
    // whole environment on to a child process is not reading a setting: dev/, scripts/dev.ts, benches and tests.
    files: ['**/*.ts'],
    ignores: ['platform/config.ts', 'dev/**', 'scripts/dev.ts', 'bench/**', 'test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through platform/config.ts.' },
      ],
    },
  },
  {
    // Tests read arbitrary JSON answers from the API; typing every body would add noise, not safety.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
