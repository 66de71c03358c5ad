import { plural } from '../format';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { ConfigValue, KeyPattern } from '../../engine';
import { CONFIG_DEFS } from '../../engine';
import { dismissError, select, sendCommand } from '../../store';
import { useBrokerConfigs, useBrokerCount, useClusterHealth, useConsumerIds, useErrors, useGroupIds, useProducerIds, useTopicNames } from '../../store/hooks';
import { ConfigEditor } from './ConfigEditor';
import { CommandAlert, useCommand } from './command';
import './forms.css';
import { isolate } from '../text/user-text';
import { HiddenCharacters } from '../text/UserText';

const ASSIGNORS = ['range', 'roundrobin', 'sticky', 'cooperative-sticky', 'range,cooperative-sticky'] as const;
const OFFSET_RESETS = ['latest', 'earliest', 'none'] as const;
const CLEANUP_POLICIES = CONFIG_DEFS['cleanup.policy']?.oneOf ?? ['delete', 'compact'];

/** `<prefix>-<n>`, the first one not taken (ids are unique by default). */
function suggestId(prefix: string, taken: readonly string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/** A number when the text is one; otherwise the text, so the engine rejects it in Kafka's words. */
function typed(text: string): ConfigValue {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** A labelled select; `kafkaDefault` is marked "(Kafka's default)" in its option text. */
function Picker({
  label,
  value,
  values,
  onChange,
  kafkaDefault,
}: {
  label: string;
  value: string;
  values: readonly string[];
  onChange: (v: string) => void;
  kafkaDefault?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {values.map((v) => (
          <option key={v} value={v}>
            {isolate(v)}
            {v === kafkaDefault ? " (Kafka's default)" : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * What the inspector shows when nothing is selected: the cluster in a sentence first, then a folded
 * "Create topic…" form, forms to add a producer or a consumer, and the cluster-wide broker configs.
 */
export function ClusterOverview() {
  return (
    <section className="client-inspector cluster-overview" aria-label="Cluster overview">
      <ClusterSummary />
      <CreateTopic />
      <AddProducerForm />
      <AddConsumerForm />
      <BrokerConfigs />
    </section>
  );
}

function ClusterSummary() {
  const { brokers, crashed, fenced, controller, underReplicated, offline, internalUnderReplicated, internalOffline } = useClusterHealth();
  const topics = useTopicNames();
  const [error, run] = useCommand();
  // Counts are of the learner's topics; Kafka's internal ones (50 partitions of __consumer_offsets) are said apart.
  const internal = (n: number) => (n > 0 ? ` (+${n} internal)` : '');
  const health =
    underReplicated + offline + internalUnderReplicated + internalOffline === 0
      ? 'Every partition is fully replicated.'
      : `${plural(underReplicated, 'partition')} under-replicated${internal(internalUnderReplicated)}, ${plural(offline, 'partition')} offline${internal(internalOffline)}.`;
  const down = [crashed > 0 ? `${crashed} crashed` : '', fenced > 0 ? `${fenced} fenced` : ''].filter(Boolean).join(', ');
  return (
    <div>
      <h2>Cluster</h2>
      <p>
        {plural(brokers, 'broker')} ({down === '' ? 'all running' : down}), controller: {controller === null ? 'none (no quorum)' : `broker ${controller}`}.{' '}
        {plural(topics.length, 'topic')}. {health}
      </p>
      <button type="button" onClick={() => void run({ type: 'addBroker' })}>
        Add broker
      </button>
      <CommandAlert text={error} />
    </div>
  );
}

/**
 * "Create topic…": the form stays folded until asked for, so a newcomer reads the cluster's state
 * first. What was typed survives folding it away.
 */
function CreateTopic() {
  const [open, setOpen] = useState(false);
  const formId = useId();
  return (
    <div className="create-topic">
      <h3>
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
          Create topic…
        </button>
      </h3>
      <CreateTopicForm id={formId} hidden={!open} />
    </div>
  );
}

/**
 * `kafka-topics.sh --create`: Kafka validates everything and the form shows its answer, until a
 * field is edited — the answer was to what was sent, not to what the form now says.
 */
function CreateTopicForm({ id, hidden }: { id: string; hidden: boolean }) {
  const brokers = useBrokerCount();
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState('3');
  const [rf, setRf] = useState<string | null>(null);
  const [retention, setRetention] = useState('');
  const [cleanup, setCleanup] = useState('');
  const [minIsr, setMinIsr] = useState('');
  const [error, run, setError] = useCommand();
  const { lastError } = useErrors();
  const shownRf = rf ?? String(Math.max(1, Math.min(3, brokers)));
  /** A setter that also clears Kafka's answer to the previous attempt (here and in the page's banner). */
  const edit =
    (set: (v: string) => void) =>
    (v: string): void => {
      set(v);
      if (error === null) return;
      setError(null);
      if (lastError?.command === 'createTopic') dismissError();
    };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const configs: Record<string, ConfigValue> = {};
    if (retention.trim() !== '') configs['retention.ms'] = typed(retention);
    if (cleanup !== '') configs['cleanup.policy'] = cleanup;
    if (minIsr.trim() !== '') configs['min.insync.replicas'] = typed(minIsr);
    const topic = name;
    if (!(await run({ type: 'createTopic', name: topic, partitions: Number(partitions), replicationFactor: Number(shownRf), configs }))) return; // keep what was typed so it can be corrected
    setName('');
    setPartitions('3');
    setRf(null);
    setRetention('');
    setCleanup('');
    setMinIsr('');
    select({ kind: 'topic', topic });
  };

  return (
    <form id={id} hidden={hidden} className="stack-form" aria-label="Create topic" onSubmit={(e) => void submit(e)}>
      <label>
        Topic name
        <input type="text" value={name} onChange={(e) => edit(setName)(e.target.value)} spellCheck={false} />
      </label>
      <label>
        Partitions
        <input type="number" min={1} step={1} value={partitions} onChange={(e) => edit(setPartitions)(e.target.value)} />
      </label>
      <label>
        Replication factor
        <input type="number" min={1} step={1} value={shownRf} onChange={(e) => edit(setRf)(e.target.value)} />
      </label>
      <label>
        retention.ms
        <input type="number" min={-1} step={1} value={retention} placeholder="Kafka's default (7 days)" onChange={(e) => edit(setRetention)(e.target.value)} />
      </label>
      <label>
        cleanup.policy
        <select value={cleanup} onChange={(e) => edit(setCleanup)(e.target.value)}>
          <option value="">Kafka&apos;s default (delete)</option>
          {CLEANUP_POLICIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        min.insync.replicas
        <input type="number" min={1} step={1} value={minIsr} placeholder="Kafka's default (1)" onChange={(e) => edit(setMinIsr)(e.target.value)} />
      </label>
      <button type="submit">Create topic</button>
      <CommandAlert text={error} />
    </form>
  );
}

type SimpleKeys = 'none' | 'random' | 'hot';
const SIMPLE_KEYS: Record<SimpleKeys, KeyPattern> = {
  none: { kind: 'none' },
  random: { kind: 'random', prefix: 'key-', cardinality: 10 },
  hot: { kind: 'hot', hotKey: 'hot', hotShare: 0.5, prefix: 'key-', cardinality: 10 },
};

function AddProducerForm() {
  const topics = useTopicNames();
  const ids = useProducerIds();
  const [id, setId] = useState<string | null>(null);
  const [topic, setTopic] = useState<string | null>(null);
  const [rate, setRate] = useState('5');
  const [acks, setAcks] = useState('all');
  const [keys, setKeys] = useState<SimpleKeys>('random');
  const [error, run] = useCommand();
  const shownId = id ?? suggestId('producer', ids);
  const shownTopic = topic !== null && topics.includes(topic) ? topic : (topics[0] ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const producer = { id: shownId, topic: shownTopic, ratePerSec: Number(rate), keys: SIMPLE_KEYS[keys], configs: { acks } };
    if (!(await run({ type: 'addProducer', producer }))) return;
    setId(null);
    select({ kind: 'producer', id: producer.id });
  };

  return (
    <form className="stack-form" aria-label="Add producer" onSubmit={(e) => void submit(e)}>
      <h3>Add producer</h3>
      <label>
        Producer id
        <input type="text" value={shownId} onChange={(e) => setId(e.target.value)} spellCheck={false} />
      </label>
      <HiddenCharacters text={shownId} />
      <Picker label="Topic" value={shownTopic} values={topics} onChange={setTopic} />
      <label>
        Records per second
        <input type="number" min={0} step="any" value={rate} onChange={(e) => setRate(e.target.value)} />
      </label>
      <Picker label="acks" value={acks} values={['0', '1', 'all']} onChange={setAcks} kafkaDefault="all" />
      <fieldset>
        <legend>Keys</legend>
        {(['none', 'random', 'hot'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="new-producer-keys" value={k} checked={keys === k} onChange={() => setKeys(k)} />{' '}
            {k === 'none' ? 'None' : k === 'random' ? 'Random' : 'Hot key'}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={shownTopic === ''}>
        Add producer
      </button>
      <CommandAlert text={error} />
    </form>
  );
}

function AddConsumerForm() {
  const topics = useTopicNames();
  const ids = useConsumerIds();
  const groups = useGroupIds();
  const [id, setId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [topic, setTopic] = useState<string | null>(null);
  const [offsetReset, setOffsetReset] = useState<string>('latest');
  const [strategy, setStrategy] = useState<string>('range,cooperative-sticky');
  const [error, run] = useCommand();
  const shownId = id ?? suggestId('consumer', ids);
  const shownGroup = groupId ?? groups[0] ?? 'my-group';
  const shownTopic = topic !== null && topics.includes(topic) ? topic : (topics[0] ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Only what differs from Kafka's defaults becomes an override, so the inspector shows it as "changed".
    const configs: Record<string, ConfigValue> = {};
    if (offsetReset !== CONFIG_DEFS['auto.offset.reset']?.default) configs['auto.offset.reset'] = offsetReset;
    if (strategy !== CONFIG_DEFS['partition.assignment.strategy']?.default) configs['partition.assignment.strategy'] = strategy;
    const consumer = { id: shownId, groupId: shownGroup, topics: [shownTopic], configs };
    if (!(await run({ type: 'addConsumer', consumer }))) return;
    setId(null);
    select({ kind: 'consumer', id: consumer.id });
  };

  return (
    <form className="stack-form" aria-label="Add consumer" onSubmit={(e) => void submit(e)}>
      <h3>Add consumer</h3>
      <label>
        Consumer id
        <input type="text" value={shownId} onChange={(e) => setId(e.target.value)} spellCheck={false} />
      </label>
      <HiddenCharacters text={shownId} />
      <label>
        Group id
        <input type="text" list="overview-group-ids" value={shownGroup} onChange={(e) => setGroupId(e.target.value)} spellCheck={false} />
      </label>
      <HiddenCharacters text={shownGroup} />
      <datalist id="overview-group-ids">
        {groups.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
      <Picker label="Topic" value={shownTopic} values={topics} onChange={setTopic} />
      <Picker label="auto.offset.reset" value={offsetReset} values={OFFSET_RESETS} onChange={setOffsetReset} kafkaDefault="latest" />
      <Picker label="partition.assignment.strategy" value={strategy} values={ASSIGNORS} onChange={setStrategy} kafkaDefault="range,cooperative-sticky" />
      <p className="inspector-note">A new group id starts a new group; an existing one joins it and triggers a rebalance.</p>
      <button type="submit" disabled={shownTopic === ''}>
        Add consumer
      </button>
      <CommandAlert text={error} />
    </form>
  );
}

function BrokerConfigs() {
  const entries = useBrokerConfigs();
  const brokers = useBrokerCount();
  return (
    <details className="broker-configs">
      <summary>Broker configs</summary>
      <p className="inspector-note">Cluster-wide dynamic configs (kafka-configs.sh --entity-type brokers --entity-default).</p>
      <ConfigEditor entries={entries} scope="broker" context={{ brokers }} onApply={(configs) => sendCommand({ type: 'setBrokerConfig', configs })} />
    </details>
  );
}
