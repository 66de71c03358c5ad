/**
 * One topic: its shape (partitions, replication factor, id), the snapshot's warnings, its configs
 * (editable, `kafka-configs.sh --alter`), "Add partitions" and its partitions.
 */
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { partitionName } from '../../engine';
import type { ConfigValue, PartitionView } from '../../engine';
import { select, sendCommand, viewTopic } from '../../store';
import { useBrokerConfigs, useTopic, useTopicPartitions } from '../../store/hooks';
import { CommandAlert, useCommand } from './command';
import { ConfigEditor } from './ConfigEditor';
import './inspector.css';

function partitionState(p: PartitionView): string {
  if (p.offline) return 'OFFLINE';
  const isr = `ISR ${p.isr.length} of ${p.replicas.length}`;
  if (p.underMinIsr) return `leader ${p.leader}, ${isr}, under min ISR`;
  return `leader ${p.leader}, ${isr}`;
}

/** `kafka-topics.sh --alter --partitions N`, with Kafka's error inline. */
function AddPartitionsForm({ topic, partitions }: { topic: string; partitions: number }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, run, setError] = useCommand();
  const shown = draft ?? String(partitions + 1);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ type: 'addPartitions', topic, totalCount: Number(shown) })) setDraft(null);
  };
  return (
    <section aria-label="Add partitions">
      <h3>Add partitions</h3>
      {/* noValidate: Kafka, not the browser, says why a count is refused (InvalidPartitionsException). */}
      <form className="inspector-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`add-partitions-${topic}`}>Partition count</label>
        <input
          id={`add-partitions-${topic}`}
          type="number"
          min={1}
          step={1}
          value={shown}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
        />
        <button type="submit">Add partitions</button>
      </form>
      <p className="inspector-note">
        Adding partitions changes which partition a key maps to: key order across the change is not kept. Partitions can never be removed.
      </p>
      <CommandAlert text={error} />
    </section>
  );
}

/** The topic inspector (`kafka-topics.sh --describe` plus `kafka-configs.sh --describe/--alter`). */
export function TopicInspector({ topic }: { topic: string }) {
  const view = useTopic(topic);
  const partitions = useTopicPartitions(topic);
  const brokerConfigs = useBrokerConfigs();
  const rf = view?.replicationFactor ?? 0;
  const count = view?.partitions ?? 0;
  const context = useMemo(() => {
    const ctx: Record<string, string | number> = { replicationFactor: rf, partitions: count, topic };
    for (const c of brokerConfigs) if (typeof c.value !== 'boolean') ctx[c.name] = c.value;
    return ctx;
  }, [brokerConfigs, rf, count, topic]);
  if (!view) return null;

  const applyConfigs = (configs: Record<string, ConfigValue | null>) => sendCommand({ type: 'setTopicConfig', topic, configs });

  return (
    <div className="topic-inspector">
      <div aria-live="polite">
        {view.warnings.map((w) => (
          <p key={w} className="inspector-warning">
            <span aria-hidden="true">⚠ </span>
            <strong>Warning:</strong> {w}
          </p>
        ))}
      </div>
      <dl className="inspector-facts">
        <dt>Partitions</dt>
        <dd>{view.partitions}</dd>
        <dt>Replication factor</dt>
        <dd>{view.replicationFactor}</dd>
        <dt>Topic id</dt>
        <dd>
          <code>{view.topicId}</code>
        </dd>
      </dl>
      <div className="inspector-actions">
        <button type="button" onClick={() => viewTopic(topic)}>
          Show log
        </button>
      </div>

      <section aria-label={`Partitions of ${topic}`}>
        <h3>Partitions</h3>
        <ul className="inspector-partitions">
          {partitions.map((p) => {
            const name = partitionName(p.topic, p.partition);
            return (
              <li key={name}>
                <button
                  type="button"
                  aria-label={`Inspect partition ${name}`}
                  onClick={() => select({ kind: 'partition', topic: p.topic, partition: p.partition })}
                >
                  {name}
                </button>{' '}
                <small className={p.offline ? 'state-offline' : undefined}>{partitionState(p)}</small>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-label={`Configs of ${topic}`}>
        <h3>Configs</h3>
        <p className="inspector-note">Changes apply at once, like kafka-configs.sh --alter; a reset deletes the override.</p>
        <ConfigEditor entries={view.configs} scope="topic" onApply={applyConfigs} context={context} />
      </section>

      <AddPartitionsForm topic={topic} partitions={view.partitions} />
    </div>
  );
}
