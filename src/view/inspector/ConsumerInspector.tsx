import { useState } from 'react';
import type { FormEvent } from 'react';
import { partitionName } from '../../engine';
import type { ConfigValue, ConsumerView, GroupPartitionView } from '../../engine';
import { select, sendCommand } from '../../store';
import { useConsumer, useGroup } from '../../store/hooks';
import { visibleText } from '../text/user-text';
import { UserText } from '../text/UserText';
import { ConfigEditor } from './ConfigEditor';
import { RemovedClient } from './RemovedClient';
import { CommandAlert, useCommand } from './command';
import { TableScroll } from './TableScroll';
import './forms.css';

/**
 * The consumer inspector: one `KafkaConsumer` — its group membership, assignment, positions and
 * committed offsets — with controls to crash, restart, close, pause or slow it and edit its configs.
 */
export function ConsumerInspector({ id }: { id: string }) {
  const consumer = useConsumer(id);
  if (!consumer) {
    return <RemovedClient kind="Consumer" id={id} />;
  }
  return <ConsumerDetails key={consumer.id} c={consumer} />;
}

/** What the consumer is doing, in words: crashed, idle, paused, or the client's status. */
function describeState(c: ConsumerView): string {
  if (c.state === 'crashed') return 'crashed (process down; the coordinator notices after session.timeout.ms)';
  const parts = [c.status];
  if (c.idle) parts.push('idle: no partitions (more consumers than partitions)');
  if (c.paused) parts.push('paused');
  return parts.join(' · ');
}

function ConsumerDetails({ c }: { c: ConsumerView }) {
  const group = useGroup(c.groupId);
  const [rateDraft, setRateDraft] = useState(String(c.processingRatePerSec));
  const [error, run] = useCommand();
  // Positions and committed offsets come from the group's view (kafka-consumer-groups --describe).
  const mine: GroupPartitionView[] = group ? group.partitions.filter((p) => c.assignment.includes(partitionName(p.topic, p.partition))) : [];

  const applyRate = (e: FormEvent) => {
    e.preventDefault();
    void run({ type: 'updateConsumer', consumerId: c.id, processingRatePerSec: Number(rateDraft) });
  };
  // null removes the override: back to Kafka's default.
  const applyConfigs = (configs: Record<string, ConfigValue | null>) => sendCommand({ type: 'updateConsumer', consumerId: c.id, configs });
  const remove = async () => {
    if (await run({ type: 'removeConsumer', consumerId: c.id })) select({ kind: 'group', groupId: c.groupId });
  };

  return (
    <section className="client-inspector" aria-label={`Consumer ${visibleText(c.id)}`}>
      <h2>
        Consumer <UserText text={c.id} />
      </h2>
      <dl className="inspector-facts">
        <dt>Group</dt>
        <dd>
          <button
            type="button"
            className="link"
            aria-label={`Inspect group ${visibleText(c.groupId)}`}
            onClick={() => select({ kind: 'group', groupId: c.groupId })}
          >
            <UserText text={c.groupId} />
          </button>
        </dd>
        <dt>State</dt>
        <dd data-testid="consumer-state">{describeState(c)}</dd>
        <dt>Member id</dt>
        <dd>{c.memberId === null ? '-' : <UserText text={c.memberId} />}</dd>
        <dt>Static instance id</dt>
        <dd>{c.groupInstanceId === null ? '- (dynamic member)' : <UserText text={c.groupInstanceId} />}</dd>
        <dt>Generation</dt>
        <dd>{c.generation}</dd>
        <dt>Assignment</dt>
        <dd>{c.assignment.length > 0 ? <UserText text={c.assignment.join(', ')} /> : 'none'}</dd>
        <dt>Processing rate</dt>
        <dd>{c.processingRatePerSec === 0 ? 'instant' : `${c.processingRatePerSec} records/s`}</dd>
        <dt>Rebalancing</dt>
        <dd>{c.cooperative ? 'cooperative (keeps what it owns while the group rebalances)' : 'eager (gives up every partition at each rebalance)'}</dd>
        <dt>Processed</dt>
        <dd data-testid="consumer-processed">{c.stats.processed}</dd>
        <dt>Duplicates</dt>
        <dd>{c.stats.duplicates}</dd>
        <dt>Polls</dt>
        <dd>{c.stats.polls}</dd>
        <dt>Commits</dt>
        <dd>{c.stats.commits}</dd>
      </dl>

      {mine.length > 0 && (
        <TableScroll label="Positions and committed offsets">
          <table className="client-table">
            <caption>Positions and committed offsets</caption>
            <thead>
              <tr>
                <th scope="col">Partition</th>
                <th scope="col">Position</th>
                <th scope="col">Committed</th>
                <th scope="col">Log end offset</th>
                <th scope="col">Lag</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((p) => (
                <tr key={partitionName(p.topic, p.partition)}>
                  <th scope="row">
                    <UserText text={partitionName(p.topic, p.partition)} />
                  </th>
                  <td>{p.position ?? '-'}</td>
                  <td>{p.committedOffset ?? '-'}</td>
                  <td>{p.highWatermark < 0 ? '-' : p.highWatermark}</td>
                  <td>{p.lag ?? '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <div className="inspector-actions">
        {c.state === 'running' ? (
          <button type="button" onClick={() => void run({ type: 'crashConsumer', consumerId: c.id })}>
            Crash consumer <UserText text={c.id} />
          </button>
        ) : (
          <button type="button" onClick={() => void run({ type: 'restartConsumer', consumerId: c.id })}>
            Restart consumer <UserText text={c.id} />
          </button>
        )}
        <button type="button" disabled={c.state !== 'running'} onClick={() => void run({ type: 'updateConsumer', consumerId: c.id, paused: !c.paused })}>
          {c.paused ? 'Resume' : 'Pause'} consumer <UserText text={c.id} />
        </button>
        <button type="button" onClick={() => void remove()}>
          Remove consumer <UserText text={c.id} />
        </button>
      </div>
      <p className="inspector-note">Crash: the process dies without committing or leaving. Remove: close(): commits and leaves the group.</p>
      <form className="inspector-inline-form" aria-label="Processing rate" onSubmit={applyRate}>
        <label>
          Processing rate (records/s)
          <input type="number" min={0} step="any" value={rateDraft} onChange={(e) => setRateDraft(e.target.value)} />
        </label>
        <button type="submit">Apply processing rate</button>
        <p className="inspector-note">0 processes every record instantly; a low rate makes the consumer fall behind (lag grows).</p>
      </form>
      <CommandAlert text={error} />

      <h3>Consumer configs</h3>
      <ConfigEditor entries={c.configs} scope="consumer" onApply={applyConfigs} />
    </section>
  );
}
