import { Fragment, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { partitionName } from '../../engine';
import type { ConfigValue, KeyPattern, ProducerView } from '../../engine';
import { select, sendCommand } from '../../store';
import { useProducer } from '../../store/hooks';
import { SCENARIO_LIMITS } from '../../scenario/schema';
import { formatBytes, formatDuration, formatSimTime } from '../format';
import { visibleText } from '../text/user-text';
import { HiddenCharacters, UserText } from '../text/UserText';
import { ConfigEditor } from './ConfigEditor';
import { RemovedClient } from './RemovedClient';
import { CommandAlert, useCommand } from './command';
import { TableScroll } from './TableScroll';
import './forms.css';

/** Producer configs edited elsewhere in this panel (acks has its own select). */
const OWN_CONTROLS = new Set(['acks']);

/**
 * The producer inspector: what one producer application sends and how the cluster answers, with
 * controls for its rate, acks, keys and other configs, and a form to send one record by hand.
 */
export function ProducerInspector({ id }: { id: string }) {
  const producer = useProducer(id);
  if (!producer) {
    return <RemovedClient kind="Producer" id={id} />;
  }
  // A key per producer so drafts typed for one producer never leak into another's form.
  return <ProducerDetails key={producer.id} p={producer} />;
}

function ProducerDetails({ p }: { p: ProducerView }) {
  const [error, run] = useCommand();
  const [rateDraft, setRateDraft] = useState(String(p.ratePerSec));
  const acks = String(p.configs.find((c) => c.name === 'acks')?.value ?? 'all');
  const otherConfigs = p.configs.filter((c) => !OWN_CONTROLS.has(c.name));

  const applyRate = (e: FormEvent) => {
    e.preventDefault();
    void run({ type: 'updateProducer', producerId: p.id, ratePerSec: Number(rateDraft) });
  };
  // null removes the override: back to Kafka's default.
  const applyConfigs = (configs: Record<string, ConfigValue | null>) => sendCommand({ type: 'updateProducer', producerId: p.id, configs });
  const remove = async () => {
    if (await run({ type: 'removeProducer', producerId: p.id })) select(null);
  };

  const facts: [string, ReactNode][] = [
    [
      'Topic',
      <button type="button" className="link" aria-label={`Inspect topic ${visibleText(p.topic)}`} onClick={() => select({ kind: 'topic', topic: p.topic })}>
        <UserText text={p.topic} />
      </button>,
    ],
    ['Rate', `${p.ratePerSec} records/s${p.ratePerSec === 0 ? ' (only records sent by hand)' : ''}${p.paused ? ' — paused' : ''}`],
    ['acks', acks],
    ['Idempotent', p.idempotent ? 'yes (retries cannot write duplicates)' : 'no (a retry may write a record twice)'],
    ['Sent', p.stats.sent],
    ['Acknowledged', p.stats.acknowledged],
    ['Failed', p.stats.failed],
    ['Retries', p.stats.retries],
    ['Queued records', p.queuedRecords],
    ['In-flight records', p.inFlightRecords],
    ['buffer.memory', bufferUse(p.buffer)],
    ...(p.buffer.blocked ? [['send()', blockedSend(p.buffer.blocked)] as [string, ReactNode]] : []),
  ];

  return (
    <section className="client-inspector" aria-label={`Producer ${visibleText(p.id)}`}>
      <h2>
        Producer <UserText text={p.id} />
      </h2>
      <dl className="inspector-facts">
        {facts.map(([term, detail]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{detail}</dd>
          </Fragment>
        ))}
      </dl>

      {p.acknowledged.length > 0 && (
        <TableScroll label="Acknowledged per partition">
          <table className="client-table">
            <caption>Acknowledged per partition</caption>
            <thead>
              <tr>
                <th scope="col">Partition</th>
                <th scope="col">Records acknowledged</th>
                <th scope="col">Last acknowledged offset</th>
              </tr>
            </thead>
            <tbody>
              {p.acknowledged.map((a) => (
                <tr key={a.partition}>
                  <th scope="row">
                    <UserText text={partitionName(p.topic, a.partition)} />
                  </th>
                  <td>{a.records}</td>
                  <td>{a.lastOffset < 0 ? '-' : a.lastOffset}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <RecentErrors p={p} />

      <div className="inspector-actions">
        <button type="button" onClick={() => void run({ type: 'updateProducer', producerId: p.id, paused: !p.paused })}>
          {p.paused ? 'Resume' : 'Pause'} producer <UserText text={p.id} />
        </button>
        <button type="button" onClick={() => void remove()}>
          Remove producer <UserText text={p.id} />
        </button>
      </div>
      <form className="inspector-inline-form" aria-label="Producer rate" onSubmit={applyRate}>
        <label>
          Records per second
          <input type="number" min={0} step="any" value={rateDraft} onChange={(e) => setRateDraft(e.target.value)} />
        </label>
        <button type="submit">Apply rate</button>
        <p className="inspector-note">Lower it to throttle the producer; 0 sends only the records you produce by hand.</p>
      </form>
      <label className="inspector-inline-form">
        acks
        <select value={acks} onChange={(e) => void run({ type: 'updateProducer', producerId: p.id, configs: { acks: e.target.value } })}>
          <option value="0">0</option>
          <option value="1">1</option>
          <option value="all">all</option>
        </select>
      </label>
      <CommandAlert text={error} />

      <KeyPatternForm p={p} />
      <ProduceRecordForm producerId={p.id} />

      <h3>Other producer configs</h3>
      <ConfigEditor entries={otherConfigs} scope="producer" onApply={applyConfigs} />
    </section>
  );
}

/** "1.5 MiB of 32 MiB used": the producer's buffer pool, which batches hold until they are acknowledged or fail. */
function bufferUse(buffer: ProducerView['buffer']): string {
  const percent = buffer.totalBytes > 0 ? Math.round((buffer.usedBytes / buffer.totalBytes) * 100) : 0;
  return `${formatBytes(buffer.usedBytes)} of ${formatBytes(buffer.totalBytes)} used (${percent} %)`;
}

/** A send() blocked for buffer memory (BufferPool.allocate): since when, and when it fails unless memory is freed. */
function blockedSend(blocked: NonNullable<ProducerView['buffer']['blocked']>): string {
  const others = blocked.sends > 1 ? ` (${blocked.sends} sends waiting)` : '';
  return (
    `blocked in send(): buffer full since ${formatSimTime(blocked.sinceMs)}${others}; ` +
    `fails with BufferExhaustedException at ${formatSimTime(blocked.failsAtMs)} (after max.block.ms, ${formatDuration(blocked.failsAtMs - blocked.sinceMs)}) unless acknowledged or failed batches free memory first.`
  );
}

/** Recent errors with Kafka's exception names, and whether the producer retries the batch. */
function RecentErrors({ p }: { p: ProducerView }) {
  const headingId = useId(); // not the producer's id: a typed id may hold spaces, which split aria-labelledby
  if (p.recentErrors.length === 0) return null;
  return (
    <>
      <h3 id={headingId}>Recent errors</h3>
      <ul className="error-list" aria-labelledby={headingId}>
        {p.recentErrors
          .slice()
          .reverse()
          .map((e, i) => {
            return (
              <li key={`${e.timeMs}-${e.partition}-${i}`}>
                <span className="event-time">{formatSimTime(e.timeMs)}</span> <UserText text={partitionName(p.topic, e.partition)} />: <strong>{e.name}</strong>
                {e.retriable ? ' (retrying)' : ' (failed)'} — <UserText text={e.message} />
              </li>
            );
          })}
      </ul>
    </>
  );
}

type KeyKind = KeyPattern['kind'];

/** Edits the producer's key pattern; the form starts from the pattern the producer uses now. */
function KeyPatternForm({ p }: { p: ProducerView }) {
  const k = p.keys;
  const [kind, setKind] = useState<KeyKind>(k.kind);
  const [fixed, setFixed] = useState(k.kind === 'fixed' ? k.keys.join(', ') : '');
  const [prefix, setPrefix] = useState(k.kind === 'random' || k.kind === 'hot' ? k.prefix : 'key-');
  const [distinct, setDistinct] = useState(String(k.kind === 'random' || k.kind === 'hot' ? k.cardinality : 10));
  const [hotKey, setHotKey] = useState(k.kind === 'hot' ? k.hotKey : 'hot');
  const [hotPercent, setHotPercent] = useState(String(k.kind === 'hot' ? Math.round(k.hotShare * 100) : 50));
  const [error, run, setError] = useCommand();
  const [applied, setApplied] = useState(false);

  const build = (): KeyPattern | string => {
    if (kind === 'none') return { kind: 'none' };
    if (kind === 'fixed') {
      const keys = fixed
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return keys.length > 0 ? { kind: 'fixed', keys } : 'Enter at least one key.';
    }
    const cardinality = Number(distinct);
    if (!Number.isInteger(cardinality) || cardinality < 1) return 'Distinct keys must be a whole number of at least 1.';
    if (kind === 'random') return { kind: 'random', prefix, cardinality };
    const share = Number(hotPercent);
    if (!(share >= 0 && share <= 100) || hotPercent.trim() === '') return 'Hot share must be between 0 and 100 %.';
    return { kind: 'hot', hotKey, hotShare: share / 100, prefix, cardinality };
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keys = build();
    if (typeof keys === 'string') {
      setError(keys);
      setApplied(false);
      return;
    }
    setApplied(await run({ type: 'updateProducer', producerId: p.id, keys }));
  };
  const choice = (value: KeyKind, label: string) => (
    <label>
      <input type="radio" name={`keys-${p.id}`} value={value} checked={kind === value} onChange={() => setKind(value)} /> {label}
    </label>
  );

  return (
    <form className="stack-form" aria-label="Key pattern" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>Keys</legend>
        {choice('none', 'None')}
        {choice('fixed', 'Fixed set')}
        {choice('random', 'Random')}
        {choice('hot', 'Hot key')}
        {kind === 'fixed' && (
          <label>
            Keys (comma-separated)
            <input type="text" value={fixed} onChange={(e) => setFixed(e.target.value)} />
          </label>
        )}
        {kind === 'hot' && (
          <>
            <label>
              The hot key
              <input type="text" value={hotKey} onChange={(e) => setHotKey(e.target.value)} />
            </label>
            <label>
              Hot share (%)
              <input type="number" min={0} max={100} value={hotPercent} onChange={(e) => setHotPercent(e.target.value)} />
            </label>
          </>
        )}
        {(kind === 'random' || kind === 'hot') && (
          <>
            <label>
              Key prefix
              <input type="text" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
            </label>
            <label>
              Distinct keys
              <input type="number" min={1} step={1} value={distinct} onChange={(e) => setDistinct(e.target.value)} />
            </label>
          </>
        )}
        <p className="inspector-note">Records with the same key go to the same partition; no key spreads records over partitions in sticky batches.</p>
      </fieldset>
      <button type="submit">Apply key pattern</button>
      {applied && <span className="form-ok">Applied</span>}
      <CommandAlert text={error} />
    </form>
  );
}

/** What a share link carries of typed text (scenario/schema.ts): the form takes no more, so Share and Save never refuse the run over it. */
const TEXT_CHARS = SCENARIO_LIMITS.maxValueChars;
const NAME_CHARS = SCENARIO_LIMITS.maxNameChars;

/** `KafkaProducer.send` of one record typed by hand; the event log shows where it was appended. */
function ProduceRecordForm({ producerId }: { producerId: string }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [headerName, setHeaderName] = useState('');
  const [headerValue, setHeaderValue] = useState('');
  const [tombstone, setTombstone] = useState(false);
  const [error, run] = useCommand();
  const [sent, setSent] = useState(false);
  const limitsId = useId(); // not the producer's id: a user-typed id may hold spaces, which split aria-describedby

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run({
      type: 'produce',
      producerId,
      key: key === '' ? null : key,
      value: tombstone ? null : value,
      ...(headerName !== '' ? { headers: [[headerName, headerValue]] as [string, string][] } : {}),
    });
    setSent(ok);
  };

  return (
    <form className="stack-form" aria-label="Produce one record" onSubmit={(e) => void submit(e)}>
      <h3>Produce one record</h3>
      <p className="inspector-note" id={limitsId}>
        Up to {TEXT_CHARS.toLocaleString('en')} characters for the key, the value and the header value, {NAME_CHARS} for the header name: as much as a share
        link carries.
      </p>
      <label>
        Key
        <input
          type="text"
          value={key}
          maxLength={TEXT_CHARS}
          aria-describedby={limitsId}
          onChange={(e) => setKey(e.target.value)}
          placeholder="empty = no key"
        />
      </label>
      <HiddenCharacters text={key} />
      <label>
        Value
        <input type="text" value={value} maxLength={TEXT_CHARS} aria-describedby={limitsId} disabled={tombstone} onChange={(e) => setValue(e.target.value)} />
      </label>
      <HiddenCharacters text={value} />
      <label>
        <input type="checkbox" checked={tombstone} onChange={(e) => setTombstone(e.target.checked)} /> Tombstone (null value)
      </label>
      <label>
        Header name
        <input type="text" value={headerName} maxLength={NAME_CHARS} aria-describedby={limitsId} onChange={(e) => setHeaderName(e.target.value)} />
      </label>
      <HiddenCharacters text={headerName} />
      <label>
        Header value
        <input type="text" value={headerValue} maxLength={TEXT_CHARS} aria-describedby={limitsId} onChange={(e) => setHeaderValue(e.target.value)} />
      </label>
      <HiddenCharacters text={headerValue} />
      <button type="submit">Send record</button>
      {sent && (
        <span className="form-ok" role="status">
          Sent
        </span>
      )}
      <CommandAlert text={error} />
    </form>
  );
}
