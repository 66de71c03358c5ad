/**
 * Import rules that ESLint cannot see on resolved paths, run by `npm run lint` (`lint:deps`):
 * no import cycles anywhere in src/ (type-only imports included), and an engine that imports
 * nothing from outside src/engine (DESIGN.md).
 * @type {import('dependency-cruiser').IConfiguration}
 */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'A cycle, even through type-only imports, means two modules cannot be understood (or moved) one without the other. Move the shared part down a layer, or pass a callback.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'engine-imports-only-engine',
      severity: 'error',
      comment: 'The engine is a pure simulator that Node and the worker run alike: it imports nothing from the app, from packages or from Node (DESIGN.md).',
      from: { path: '^src/engine/' },
      to: { pathNot: '^src/engine/' },
    },
  ],
  options: {
    // Type-only imports count: a cycle through types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // src/engine/host.d.ts declares a global and is imported by nobody.
    exclude: { path: '\\.d\\.ts$' },
  },
};
