import fc from 'fast-check';

// Property tests are reproducible: CI pins the seed (and prints it) so a failure can be replayed
// with FC_SEED=<seed> npm run test:unit.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261125;
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed, ...(numRuns ? { numRuns } : {}) });

// jsdom has no canvas: getContext would print "not implemented" on every frame of the record
// animation. Tests that draw install their own fake context with vi.spyOn.
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}

// Each test starts on the default screen: the dock on the topic log, no spotlight, no pending confirmation or undo.
if (typeof document !== 'undefined') {
  const { afterEach } = await import('vitest');
  const { focusStore } = await import('../src/store/focus');
  const { guardStore } = await import('../src/store/guard');
  afterEach(() => {
    focusStore.setState({ dock: 'topic', presented: 'cluster', spot: null, lessons: null });
    guardStore.setState({ confirm: null, undo: null });
    globalThis.localStorage?.clear();
  });
}
