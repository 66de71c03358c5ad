/**
 * Opening a run: a share link (`#share=`, `#lesson=`, `#scenario=`), a saved file ("Open…"), or a
 * built-in scenario ("Start from"); and the run on screen as a link or a file. App orchestration,
 * beside the store (STYLE.md §11): views call these. Every doc, from a link or a file, is read by
 * one path (`readDoc`: migrate, then validate). A bad or hostile link says why in words and loads
 * the default scenario: the page is never left empty.
 */
import { BLANK_SCENARIO, BUILTIN_SCENARIOS, DEFAULT_SCENARIO, DEFAULT_SEED } from '../scenario/builtin';
import { parseLocationHash, readDoc, shareUrl } from '../scenario/codec';
import type { ScenarioDoc } from '../scenario/doc';
import { parseScenarioDoc } from '../scenario/schema';
import { currentDoc, loadDoc, loadScenario, simStore } from './index';
import { startLesson } from './lesson';

/** Largest scenario file "Open…" reads (a valid doc is far smaller). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Built-in scenarios by id, for "Start from" (besides `'blank'`). */
export { BUILTIN_SCENARIOS };

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

/** Stops watching the previous load for an engine refusal. */
let stopWatching: (() => void) | null = null;

/** Loads the default scenario and says why in the error banner; returns that message. */
function loadDefaultBecause(message: string): string {
  stopWatching?.();
  stopWatching = null;
  const full = `${message} The default scenario is loaded instead.`;
  loadScenario(DEFAULT_SCENARIO, DEFAULT_SEED, { playing: true });
  simStore.setState({ loadError: full });
  return full;
}

/**
 * Loads, then falls back to the default scenario if the engine refuses what was loaded (a topic
 * name Kafka rejects, a replication factor larger than the cluster). The watch lasts until the
 * next load through here: the worker answers loads in order, so a tick of an earlier load must
 * not end it.
 */
function loadOrFallBack(load: () => void): void {
  stopWatching?.();
  stopWatching = null;
  load();
  const now = simStore.getState().loadError;
  if (now) {
    loadDefaultBecause(now); // an in-process transport answers at once
    return;
  }
  const unsubscribe = simStore.subscribe((s, before) => {
    if (!s.loadError || before.loadError) return;
    unsubscribe();
    stopWatching = null;
    loadDefaultBecause(s.loadError);
  });
  stopWatching = unsubscribe;
}

/**
 * Opens what a location fragment asks for: a share link (paused at its playhead), `#lesson=<id>`
 * (from its first step) or `#scenario=<id>`. Any other fragment (`#inspector`) does nothing. For a
 * bad request it loads the default scenario, shows why in the error banner and returns that
 * message; otherwise returns null.
 */
export function openLink(hash: string): string | null {
  const request = parseLocationHash(hash);
  switch (request.kind) {
    case 'none':
      return null;
    case 'error':
      return loadDefaultBecause(request.message);
    case 'share': {
      const { doc } = request;
      loadOrFallBack(() => loadDoc(doc, { playing: false }));
      return null;
    }
    case 'scenario': {
      if (!Object.hasOwn(BUILTIN_SCENARIOS, request.id)) return loadDefaultBecause(`There is no built-in scenario called "${request.id}".`);
      const spec = BUILTIN_SCENARIOS[request.id]!;
      loadOrFallBack(() => loadScenario(spec, DEFAULT_SEED, { playing: true }));
      return null;
    }
    case 'lesson':
      stopWatching?.();
      stopWatching = null;
      return startLesson(request.id, request.step) ? null : loadDefaultBecause(`There is no lesson called "${request.id}".`);
  }
}

/**
 * Opens a saved scenario file (the JSON "Save" writes, any known format version), paused at its
 * playhead. Returns why it could not be opened (the current run then continues), or null.
 */
export async function openFile(file: Blob & { name: string }): Promise<string | null> {
  const fail = (why: string) => `"${file.name}" could not be opened: ${why} The current run continues.`;
  if (file.size > MAX_FILE_BYTES) return fail(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, more than any scenario needs.`);
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return fail('it is not a JSON file.');
  }
  const r = readDoc(json, 'file');
  if (!r.ok) return fail(r.error);
  loadOrFallBack(() => loadDoc(r.doc, { playing: false }));
  return null;
}

/** "Start from": a blank cluster (`'blank'`) or a built-in scenario by id, from T+0 (the current run is discarded). */
export function openScenario(id: string): void {
  const spec = id === 'blank' ? BLANK_SCENARIO : Object.hasOwn(BUILTIN_SCENARIOS, id) ? BUILTIN_SCENARIOS[id] : undefined;
  if (spec) loadScenario(spec, DEFAULT_SEED);
}

/** A run as a doc (by default the one on screen), checked against the limits a link or a file must respect. */
function checkedDoc(what: 'share' | 'save', doc: ScenarioDoc | null): Result<{ doc: ScenarioDoc }> {
  if (!doc) return { ok: false, error: `Nothing to ${what} yet: the simulation has not started.` };
  const checked = parseScenarioDoc(doc);
  return checked.ok ? checked : { ok: false, error: `This run is too large to ${what}: ${checked.error}.` };
}

/** The link that replays a run (the one on screen unless given) and stops at its playhead: `baseHref` plus `#share=…`. */
export function shareLink(baseHref: string, doc: ScenarioDoc | null = currentDoc()): Result<{ url: string; playheadMs: number }> {
  const r = checkedDoc('share', doc);
  return r.ok ? { ok: true, url: shareUrl(r.doc, baseHref), playheadMs: r.doc.playheadMs } : r;
}

/** `streamscope-default-orders-on-a-three-broker-cluster.json` */
function fileNameFor(doc: ScenarioDoc): string {
  const slug = (doc.scenario.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `streamscope-${slug || 'scenario'}.json`;
}

/** A run (the one on screen unless given) as a file "Open…" reads back: its name and its (pretty-printed) JSON. */
export function savedFile(doc: ScenarioDoc | null = currentDoc()): Result<{ name: string; json: string }> {
  const r = checkedDoc('save', doc);
  return r.ok ? { ok: true, name: fileNameFor(r.doc), json: JSON.stringify(r.doc, null, 2) } : r;
}
