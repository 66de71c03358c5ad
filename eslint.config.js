import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Host APIs the engine must not touch: clocks, timers, host randomness, the page and the worker. */
const ENGINE_FORBIDDEN_GLOBALS = [
  'performance',
  'crypto',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'process',
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'fetch',
  'self',
  'postMessage',
];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval.' }],
    },
  },
  {
    files: ['src/view/**/*.tsx', 'src/view/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The engine is pure and deterministic (DESIGN.md): no DOM, no timers, no clocks, no host
    // randomness, and nothing from outside src/engine — test/engine/engine-boundary.test.ts checks
    // that each of these fires. (Import cycles, and the boundary on resolved paths: .dependency-cruiser.mjs.)
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        ...ENGINE_FORBIDDEN_GLOBALS.map((name) => ({ name, message: `The engine runs the same in Node and a worker, on simulated time: no ${name}.` })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG in src/engine/random.ts.' },
        { object: 'Date', property: 'now', message: 'Use simulated time (sim.nowMs).' },
        ...ENGINE_FORBIDDEN_GLOBALS.flatMap((property) =>
          ['globalThis', 'self', 'window', 'global'].map((object) => ({
            object,
            property,
            message: `The engine runs on simulated time and the seeded PRNG: no ${property}.`,
          })),
        ),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the wall clock: use simulated time (sim.nowMs, sim.startEpochMs).',
        },
        { selector: "CallExpression[callee.name='Date']", message: 'Date() reads the wall clock: use simulated time (sim.nowMs, sim.startEpochMs).' },
        { selector: 'ImportExpression', message: 'The engine loads no code at run time.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\./)?(\\.\\./)+(src/)?(view|store|worker|scenario|cli)(/|$)',
              message:
                'The engine imports nothing outside src/engine (DESIGN.md): the worker, store, views, scenarios and CLI depend on it, not the other way round.',
            },
            {
              group: ['react', 'react/*', 'react-*', 'zustand', 'zustand/*', 'd3', 'd3-*', 'zod', 'zod/*', 'fflate', 'uqr', 'node:*'],
              message: 'The engine is plain TypeScript that runs in Node and a worker: no UI, app or Node packages.',
            },
          ],
        },
      ],
    },
  },
);
