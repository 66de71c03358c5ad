import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ReactNode } from 'react';
import type { ScenarioSpec } from '../../engine';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO, DEFAULT_SEED } from '../../scenario/builtin';
import { parseLocationHash, shareUrl } from '../../scenario/codec';
import type { ScenarioDoc } from '../../scenario/doc';
import { migrateDoc } from '../../scenario/migrations';
import { parseScenarioDoc } from '../../scenario/schema';
import { currentDoc, loadDoc, loadScenario, simStore } from '../../store';
import './scenario.css';

/** "Start from → Blank cluster": three brokers, nothing else. */
export const BLANK_SCENARIO: ScenarioSpec = { name: 'Blank cluster', cluster: { brokers: 3 }, topics: [] };

/** Largest scenario file "Open…" reads (a valid doc is far smaller). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** `streamscope-default-orders-on-a-three-broker-cluster.json` */
export function fileNameFor(doc: ScenarioDoc): string {
  const slug = (doc.scenario.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `streamscope-${slug || 'scenario'}.json`;
}

/** Validates a doc read from a file or a link (any known format version). */
export function readDoc(json: unknown): { ok: true; doc: ScenarioDoc } | { ok: false; error: string } {
  const migrated = migrateDoc(json);
  return migrated.ok ? parseScenarioDoc(migrated.doc) : migrated;
}

/** Stops watching the previous load for an engine refusal. */
let stopWatching: (() => void) | null = null;

/**
 * Loads, then falls back to the default scenario if the engine refuses what was loaded (a topic
 * name Kafka rejects, a replication factor larger than the cluster): the page is never left empty.
 * The watch lasts until the next load through here: the worker answers loads in order, so a tick
 * of an earlier load must not end it.
 */
function loadOrFallBack(load: () => void): void {
  stopWatching?.();
  stopWatching = null;
  const fallBack = (message: string) => {
    loadScenario(DEFAULT_SCENARIO, DEFAULT_SEED, { playing: true });
    simStore.setState({ loadError: `${message} The default scenario is loaded instead.` });
  };
  load();
  const now = simStore.getState().loadError;
  if (now) return fallBack(now); // an in-process transport answers at once
  const unsubscribe = simStore.subscribe((s, before) => {
    if (!s.loadError || before.loadError) return;
    unsubscribe();
    stopWatching = null;
    fallBack(s.loadError);
  });
  stopWatching = unsubscribe;
}

/**
 * Opens what `location.hash` asks for: a share link (paused at its playhead), `#scenario=<id>` or,
 * through `onLesson`, `#lesson=<id>` (which returns an error message for an unknown lesson). Any
 * other fragment does nothing. For a bad request it loads the default scenario, shows why in the
 * error banner and returns that message; otherwise returns null.
 */
export function loadFromHash(hash: string, options: { onLesson?: (id: string) => string | null } = {}): string | null {
  const request = parseLocationHash(hash);
  const refuse = (message: string): string => {
    stopWatching?.();
    stopWatching = null;
    const full = `${message} The default scenario is loaded instead.`;
    loadScenario(DEFAULT_SCENARIO, DEFAULT_SEED, { playing: true });
    simStore.setState({ loadError: full });
    return full;
  };
  switch (request.kind) {
    case 'none':
      return null;
    case 'error':
      return refuse(request.message);
    case 'share':
      loadOrFallBack(() => loadDoc(request.doc, { playing: false }));
      return null;
    case 'scenario': {
      if (!Object.hasOwn(BUILTIN_SCENARIOS, request.id)) return refuse(`There is no built-in scenario called "${request.id}".`);
      const spec = BUILTIN_SCENARIOS[request.id]!;
      loadOrFallBack(() => loadScenario(spec, DEFAULT_SEED, { playing: true }));
      return null;
    }
    case 'lesson': {
      const error = options.onLesson ? options.onLesson(request.id) : `There is no lesson called "${request.id}".`;
      return error === null ? null : refuse(error);
    }
  }
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission (e.g. the page is not focused): the field is there to copy from
  }
}

function ShareDialog({ url, copied, onCopy, onClose, extras }: { url: string; copied: boolean | null; onCopy: () => void; onClose: () => void; extras?: ReactNode }) {
  const fieldRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }, []);
  // In a portal: the top bar is sticky with its own stacking context, which would trap the backdrop.
  return createPortal(
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="share-title">Share this moment</h2>
        <label className="share-field">
          Share link
          <input ref={fieldRef} type="text" readOnly value={url} aria-describedby="share-length" onFocus={(e) => e.target.select()} />
        </label>
        <p id="share-length" className="dialog-note">
          {url.length.toLocaleString('en-US')} characters. Opening it replays the same history and stops at this moment.
        </p>
        <p className="dialog-note">Everything is in the link itself; nothing is sent to a server.</p>
        <p className="share-status" role="status">
          {copied === true && 'Copied to the clipboard.'}
          {copied === false && 'This browser did not allow copying: select the link above and copy it.'}
        </p>
        {extras}
        <div className="dialog-actions">
          <button type="button" onClick={onCopy}>
            Copy link
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}

/**
 * Share, Save, Open… and Start from: the run as data. Share puts the whole doc (scenario, seed,
 * recorded commands, playhead) in the URL fragment and copies it; nothing goes to a server.
 * `renderShareExtras` adds to the share dialog (e.g. a QR code of the link).
 */
export function ScenarioMenu({ renderShareExtras }: { renderShareExtras?: (url: string) => ReactNode } = {}) {
  const [share, setShare] = useState<{ url: string; copied: boolean | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [start, setStart] = useState('blank');
  const shareButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  /** The doc on screen, checked against the limits a link must respect. */
  const docNow = (what: string): ScenarioDoc | null => {
    const doc = currentDoc();
    if (!doc) {
      setError(`Nothing to ${what} yet: the simulation has not started.`);
      return null;
    }
    const checked = parseScenarioDoc(doc);
    if (!checked.ok) {
      setError(`This run is too large to ${what}: ${checked.error}.`);
      return null;
    }
    return checked.doc;
  };

  const onShare = () => {
    setError(null);
    const doc = docNow('share');
    if (!doc) return;
    const url = shareUrl(doc, location.href);
    history.replaceState(history.state, '', url);
    setShare({ url, copied: null });
    void copyText(url).then((ok) => setShare((s) => (s && s.url === url ? { ...s, copied: ok } : s)));
  };

  const onCopy = () => {
    if (!share) return;
    const url = share.url;
    void copyText(url).then((ok) => setShare((s) => (s && s.url === url ? { ...s, copied: ok } : s)));
  };

  const closeShare = () => {
    setShare(null);
    shareButton.current?.focus();
  };

  const onSave = () => {
    setError(null);
    const doc = docNow('save');
    if (!doc) return;
    if (typeof URL.createObjectURL !== 'function') {
      setError('This browser cannot save files from a page.');
      return;
    }
    const href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = fileNameFor(doc);
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 0);
  };

  const onOpen = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    const fail = (why: string) => setError(`"${file.name}" could not be opened: ${why} The current run continues.`);
    if (file.size > MAX_FILE_BYTES) return fail(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, more than any scenario needs.`);
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return fail('it is not a JSON file.');
    }
    const r = readDoc(json);
    if (!r.ok) {
      const why = r.error.replace(/^This link/, 'This file');
      return fail(why.endsWith('.') ? why : `${why}.`);
    }
    loadOrFallBack(() => loadDoc(r.doc, { playing: false }));
  };

  const onStart = () => {
    setError(null);
    const spec = start === 'blank' ? BLANK_SCENARIO : Object.hasOwn(BUILTIN_SCENARIOS, start) ? BUILTIN_SCENARIOS[start] : undefined;
    if (spec) loadScenario(spec, DEFAULT_SEED);
  };

  return (
    <div className="scenario-menu" role="group" aria-label="Scenario">
      <button type="button" ref={shareButton} onClick={onShare} title="Put this run and this moment into a link">
        Share
      </button>
      <button type="button" onClick={onSave} title="Download this run as a JSON file">
        Save
      </button>
      <button type="button" onClick={() => fileInput.current?.click()} title="Open a saved scenario file">
        Open…
      </button>
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        accept=".json,application/json"
        aria-label="Open a scenario file"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // choosing the same file again still opens it
          void onOpen(file);
        }}
      />
      <label className="inline">
        Start from
        <select value={start} onChange={(e) => setStart(e.target.value)}>
          <option value="blank">Blank cluster (3 brokers, no topics)</option>
          {Object.entries(BUILTIN_SCENARIOS).map(([id, spec]) => (
            <option key={id} value={id}>
              {spec.name ?? id}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={onStart} title="Start the chosen scenario from T+0 (the current run is discarded)">
        Load
      </button>
      {error && (
        <p className="scenario-error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {share && <ShareDialog url={share.url} copied={share.copied} onCopy={onCopy} onClose={closeShare} extras={renderShareExtras?.(share.url)} />}
    </div>
  );
}
