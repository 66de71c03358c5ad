/**
 * The one host function the engine uses beyond ECMAScript. The engine's TypeScript project has no
 * DOM or Node types (tsconfig.json here), so it is declared by hand: Node (17+) and Web Workers both
 * provide the HTML structured clone, which copies a checkpoint keeping shared references shared.
 */
declare function structuredClone<T>(value: T): T;
