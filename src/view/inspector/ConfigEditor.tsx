/**
 * Editable Kafka configs: one labelled field per config, its value in human units, whether it is
 * Kafka's default and what changing it does. Nothing changes until "Apply"; Kafka's rejection
 * (InvalidConfigurationException, …) appears under the field.
 */
import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CommandResult, ConfigEntry, ConfigScope, ConfigValue } from '../../engine';
import { CONFIG_DEFS } from '../../engine';
import { IMPORTANT_CONFIGS, configHint, defaultNote, humanConfigEntryValue } from './config-format';
import type { ConfigContext } from './config-format';
import { isolate } from '../text/user-text';
import { UserText } from '../text/UserText';
import './inspector.css';

/** Props of {@link ConfigEditor}. */
export interface ConfigEditorProps {
  entries: ConfigEntry[];
  scope: ConfigScope;
  /** Sends the change (`null` deletes the override, back to Kafka's default) and resolves to the engine's answer. */
  onApply: (configs: Record<string, ConfigValue | null>) => Promise<CommandResult>;
  /** Facts for the hints: broker config values, `replicationFactor`, … (see `ConfigContext`). */
  context?: Record<string, string | number>;
  /** Only these configs, in this order (no "All N configs" section). */
  names?: string[];
}

type ApplyFn = ConfigEditorProps['onApply'];

/** What the user typed, converted to what the engine parses (it rejects non-numbers in Kafka's words). */
function draftToValue(name: string, draft: string): ConfigValue {
  const type = CONFIG_DEFS[name]?.type;
  if (type === 'boolean') return draft === 'true';
  if (type === 'string') return draft;
  const n = Number(draft);
  return draft.trim() !== '' && Number.isFinite(n) ? n : draft;
}

function ConfigField({ entry, onApply, context }: { entry: ConfigEntry; onApply: ApplyFn; context: ConfigContext | undefined }) {
  const id = useId();
  const def = CONFIG_DEFS[entry.name];
  const current = String(entry.value);
  const [seen, setSeen] = useState(current);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The engine's value moved (applied here, or changed elsewhere): drop the draft so the field shows it.
  if (seen !== current) {
    setSeen(current);
    setDraft(null);
  }
  const shown = draft ?? current;
  const dirty = draft !== null && draft !== current;

  const send = async (configs: Record<string, ConfigValue | null>) => {
    setBusy(true);
    try {
      const result = await onApply(configs);
      setError(result.ok ? null : `${result.error.name}: ${result.error.message}`);
      return result.ok;
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!dirty || busy) return;
    const value = draftToValue(entry.name, draft);
    // "060000" for 60000 is accepted but changes nothing, so no snapshot would clear the draft.
    if ((await send({ [entry.name]: value })) && value === entry.value) setDraft(null);
  };
  const resetToDefault = async () => {
    if (await send({ [entry.name]: null })) setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void apply();
    } else if (e.key === 'Escape' && draft !== null) {
      // Escape discards the draft; preventDefault keeps the page's Esc shortcut (clear selection) from also running.
      e.preventDefault();
      setDraft(null);
      setError(null);
    }
  };
  const edit = (value: string) => {
    setDraft(value);
    setError(null);
  };

  const describedBy = `${id}-human ${id}-note ${id}-hint${error ? ` ${id}-error` : ''}`;
  const common = { id, 'aria-describedby': describedBy };
  let input;
  if (def?.type === 'boolean') {
    input = <input {...common} type="checkbox" checked={shown === 'true'} onChange={(e) => edit(String(e.target.checked))} onKeyDown={onKeyDown} />;
  } else if (def?.oneOf) {
    input = (
      <select {...common} value={shown} onChange={(e) => edit(e.target.value)}>
        {(def.oneOf.includes(shown) ? def.oneOf : [shown, ...def.oneOf]).map((v) => (
          <option key={v} value={v}>
            {isolate(v)}
          </option>
        ))}
      </select>
    );
  } else if (def?.type === 'string') {
    input = <input {...common} type="text" value={shown} onChange={(e) => edit(e.target.value)} onKeyDown={onKeyDown} spellCheck={false} />;
  } else {
    input = (
      <input
        {...common}
        type="number"
        inputMode="numeric"
        min={def?.min}
        step={def?.type === 'double' ? 'any' : 1}
        value={shown}
        onChange={(e) => edit(e.target.value)}
        onKeyDown={onKeyDown}
      />
    );
  }

  return (
    <li className={`config-field${entry.source === 'default' ? '' : ' config-changed'}${error ? ' config-error' : ''}`}>
      <div className="config-row">
        <label htmlFor={id} className="config-name">
          {entry.name}
        </label>
        {input}
        <span id={`${id}-human`} className="config-human">
          <HumanValue value={dirty ? draftToValue(entry.name, draft) : entry.value} name={entry.name} />
          {dirty && ' (not applied)'}
        </span>
        {dirty && (
          <button type="button" onClick={() => void apply()} disabled={busy}>
            Apply {entry.name}
          </button>
        )}
        {entry.source !== 'default' && (
          <button type="button" className="config-reset" onClick={() => void resetToDefault()} disabled={busy}>
            Reset {entry.name} to Kafka&apos;s default
          </button>
        )}
      </div>
      <p id={`${id}-note`} className="config-note">
        {entry.source !== 'default' && <span aria-hidden="true">✎ </span>}
        {defaultNote(entry)}
      </p>
      <p id={`${id}-hint`} className="config-hint">
        {configHint(entry, context)}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="config-alert">
          <UserText text={error} />
        </p>
      )}
    </li>
  );
}

/** A config value in words; a text value (anything may be typed there) is shown as user text. */
function HumanValue({ name, value }: { name: string; value: ConfigValue }) {
  const text = humanConfigEntryValue(name, value);
  return typeof value === 'string' ? <UserText text={text} /> : text;
}

/** Orders entries: `names` when given; else the scope's important configs and every changed one first. */
function splitEntries(entries: ConfigEntry[], scope: ConfigScope, names: string[] | undefined): { first: ConfigEntry[]; rest: ConfigEntry[] } {
  if (names) return { first: names.map((n) => entries.find((e) => e.name === n)).filter((e): e is ConfigEntry => e !== undefined), rest: [] };
  const important = IMPORTANT_CONFIGS[scope];
  const rank = (e: ConfigEntry) => {
    const i = important.indexOf(e.name);
    return i >= 0 ? i : important.length;
  };
  const first = entries.filter((e) => important.includes(e.name) || e.source !== 'default').sort((a, b) => rank(a) - rank(b));
  return { first, rest: entries.filter((e) => !first.includes(e)) };
}

/**
 * Editable configs of one entity (topic, brokers, producer, consumer). Each field is labelled with
 * the config's exact name, so `getByLabelText('retention.ms')` finds it; buttons are
 * "Apply retention.ms" and "Reset retention.ms to Kafka's default".
 */
export function ConfigEditor({ entries, scope, onApply, context, names }: ConfigEditorProps) {
  const { first, rest } = splitEntries(entries, scope, names);
  const renderList = (list: ConfigEntry[]) => (
    <ul className="config-list">
      {list.map((e) => (
        <ConfigField key={e.name} entry={e} onApply={onApply} context={context} />
      ))}
    </ul>
  );
  return (
    <div className="config-editor">
      {renderList(first)}
      {rest.length > 0 && (
        <details className="config-more">
          <summary>
            All {entries.length} configs <small>({rest.length} more)</small>
          </summary>
          {renderList(rest)}
        </details>
      )}
    </div>
  );
}
