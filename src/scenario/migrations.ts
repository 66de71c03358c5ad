/**
 * Old scenario docs (share links, saved files) keep working: each format version has one migration
 * to the next, applied in order (tldraw's migration-sequence idea). A migration only reshapes; the
 * result is validated by `parseScenarioDoc` afterwards. Never edit a released migration: add one.
 */
import { SCENARIO_FORMAT_VERSION } from './doc';

/**
 * v1 had no task positions: an action at `t` ran after everything due by `t`. In v2 that is
 * `afterTask: Number.MAX_SAFE_INTEGER` (`runTo(afterTask, atMs)` stops at whichever limit comes first).
 */
export const AFTER_EVERY_TASK = Number.MAX_SAFE_INTEGER;

interface Migration {
  /** The version this migration reads; it returns version `from + 1`. */
  from: number;
  up(doc: Record<string, unknown>): { ok: true; doc: Record<string, unknown> } | { ok: false; error: string };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The migrations, oldest first; the last one produces SCENARIO_FORMAT_VERSION. */
const MIGRATIONS: readonly Migration[] = [
  {
    // Format v1, the first share-link format: actions at simulated times, without task positions:
    // `{ v: 1, seed, scenario, actions: { t: number; cmd: Command }[], at?: number }` (`at`: the playhead).
    from: 1,
    up(doc) {
      const actions = doc.actions ?? [];
      if (!Array.isArray(actions)) return { ok: false, error: 'actions: should be a list (format v1)' };
      const commands: unknown[] = [];
      for (const [i, a] of actions.entries()) {
        if (!isObject(a)) return { ok: false, error: `actions[${i}]: should be an object with t and cmd (format v1)` };
        const extra = Object.keys(a).filter((k) => k !== 't' && k !== 'cmd');
        if (extra.length > 0) return { ok: false, error: `actions[${i}]: unknown field "${extra[0]}" (format v1)` };
        commands.push({ atMs: a.t, afterTask: AFTER_EVERY_TASK, command: a.cmd });
      }
      const extra = Object.keys(doc).filter((k) => !['v', 'seed', 'scenario', 'actions', 'at'].includes(k));
      if (extra.length > 0) return { ok: false, error: `unknown field "${extra[0]}" (format v1)` };
      return { ok: true, doc: { v: 2, seed: doc.seed, scenario: doc.scenario, commands, playheadMs: doc.at ?? 0 } };
    },
  },
];

/**
 * Brings any known version of a doc to the current format (not yet validated: pass the result to
 * `parseScenarioDoc`). Newer or unknown versions are refused in plain words.
 */
export function migrateDoc(raw: unknown): { ok: true; doc: unknown } | { ok: false; error: string } {
  if (!isObject(raw)) return { ok: false, error: 'This is not a Streamscope scenario (expected an object with a format version "v").' };
  const v = raw.v;
  if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, error: 'This is not a Streamscope scenario: it has no format version ("v").' };
  if (v > SCENARIO_FORMAT_VERSION)
    return { ok: false, error: `This link was made by a newer Streamscope (format v${v}); this version reads up to v${SCENARIO_FORMAT_VERSION}.` };
  const first = MIGRATIONS[0]?.from ?? SCENARIO_FORMAT_VERSION;
  if (v < first) return { ok: false, error: `Format v${v} is not a Streamscope format (known formats: v${first} to v${SCENARIO_FORMAT_VERSION}).` };
  let doc: Record<string, unknown> = raw;
  for (const m of MIGRATIONS) {
    if (m.from !== doc.v) continue;
    const r = m.up(doc);
    if (!r.ok) return r;
    doc = r.doc;
  }
  return { ok: true, doc };
}
