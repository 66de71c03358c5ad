import { useShallow } from 'zustand/react/shallow';
import type { ConsumerView, GroupView } from '../../engine';
import { sendCommand, useSimStore } from '../../store';
import type { SimState } from '../../store';
import { formatDuration } from '../describe-event';

const selectGroups = (s: SimState) => s.snapshot?.groups ?? [];
const selectConsumers = (s: SimState) => s.snapshot?.consumers ?? [];

function ConsumerRow({ c }: { c: ConsumerView }) {
  const state = c.state === 'crashed' ? 'crashed' : c.idle ? 'idle (no partitions)' : c.status;
  return (
    <li aria-label={`Consumer ${c.id}`}>
      <strong>{c.id}</strong> — {state}
      {c.assignment.length > 0 && <> · {c.assignment.join(', ')}</>}
      {c.groupInstanceId && <> · static member {c.groupInstanceId}</>} · processed {c.stats.processed}
      {c.stats.duplicates > 0 && <> ({c.stats.duplicates} again)</>}{' '}
      {c.state === 'running' ? (
        <button type="button" onClick={() => sendCommand({ type: 'crashConsumer', consumerId: c.id })}>
          Crash consumer {c.id}
        </button>
      ) : (
        <button type="button" onClick={() => sendCommand({ type: 'restartConsumer', consumerId: c.id })}>
          Restart consumer {c.id}
        </button>
      )}
      <button type="button" onClick={() => sendCommand({ type: 'updateConsumer', consumerId: c.id, processingRatePerSec: c.processingRatePerSec === 0 ? 1 : 0 })}>
        {c.processingRatePerSec === 0 ? `Slow down consumer ${c.id}` : `Speed up consumer ${c.id}`}
      </button>
    </li>
  );
}

function GroupCard({ g, consumers }: { g: GroupView; consumers: ConsumerView[] }) {
  const next = consumers.length + 1;
  const topics = [...new Set(g.partitions.map((p) => p.topic))];
  return (
    <article aria-label={`Consumer group ${g.groupId}`} className="group">
      <h3>
        {g.groupId} <small>{g.state} · generation {g.generation}{g.protocol ? ` · ${g.protocol}` : ''} · coordinator {g.coordinator < 0 ? 'unavailable' : `broker ${g.coordinator}`}</small>
      </h3>
      <ul className="consumers">
        {consumers.map((c) => (
          <ConsumerRow key={c.id} c={c} />
        ))}
      </ul>
      <table className="lag">
        <caption>Committed offsets and lag (kafka-consumer-groups --describe)</caption>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Current offset</th>
            <th scope="col">Log end offset</th>
            <th scope="col">Lag</th>
            <th scope="col">Lag (time)</th>
            <th scope="col">Consumer</th>
          </tr>
        </thead>
        <tbody>
          {g.partitions.map((p) => (
            <tr key={`${p.topic}-${p.partition}`}>
              <th scope="row">{`${p.topic}-${p.partition}`}</th>
              <td>{p.committedOffset ?? '-'}</td>
              <td>{p.highWatermark < 0 ? '-' : p.highWatermark}</td>
              <td data-testid={`lag-${g.groupId}-${p.topic}-${p.partition}`}>{p.lag ?? '-'}</td>
              <td>{p.lagMs === null ? '-' : p.lag === 0 ? 'caught up' : p.lagMs < 1000 ? '< 1 s' : formatDuration(Math.round(p.lagMs / 1000) * 1000)}</td>
              <td>{p.owner ?? '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="group-facts">
        {g.stats.rebalances} rebalance(s) · {g.stats.processed} record(s) processed · {g.stats.duplicates} processed twice · {g.stats.skippedByRetention} never seen (deleted by retention first)
      </p>
      {topics.length > 0 && (
        <button type="button" onClick={() => sendCommand({ type: 'addConsumer', consumer: { id: `${g.groupId}-${next}`, groupId: g.groupId, topics } })}>
          Add consumer to {g.groupId}
        </button>
      )}
    </article>
  );
}

/** Consumer groups: members, assignment, committed offsets and lag. */
export function GroupPanel() {
  const groups = useSimStore(useShallow(selectGroups));
  const consumers = useSimStore(useShallow(selectConsumers));
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="groups-heading" className="panel">
      <h2 id="groups-heading">Consumer groups</h2>
      {groups.map((g) => (
        <GroupCard key={g.groupId} g={g} consumers={consumers.filter((c) => c.groupId === g.groupId)} />
      ))}
    </section>
  );
}
