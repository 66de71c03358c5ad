/**
 * One partition: its leader and epoch, replicas and ISR in words, health (offline, under-replicated,
 * under min ISR), lost acknowledged records, every replica's log, and leader elections.
 */
import { partitionName } from '../../engine';
import type { PartitionView } from '../../engine';
import { select } from '../../store';
import { usePartition, useTopicConfigValue } from '../../store/hooks';
import { formatBytes } from '../format';
import { CommandAlert, useCommand } from './command';
import { TableScroll } from './TableScroll';
import './inspector.css';

/** "broker 1", "brokers 1 and 2", "brokers 1, 2 and 3", "none". */
function brokersInWords(ids: readonly number[]): string {
  if (ids.length === 0) return 'none';
  if (ids.length === 1) return `broker ${ids[0]}`;
  return `brokers ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function leaderSentence(p: PartitionView): string {
  if (p.offline) return 'No leader: the partition is OFFLINE.';
  return `Broker ${p.leader} is the leader (leader epoch ${p.leaderEpoch}).`;
}

function ReplicaTable({ p }: { p: PartitionView }) {
  const caption = `Replicas of ${partitionName(p.topic, p.partition)}`;
  return (
    <TableScroll label={caption}>
      <table className="replica-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Broker</th>
            <th scope="col">Role</th>
            <th scope="col">In ISR</th>
            <th scope="col">Log start</th>
            <th scope="col">High watermark</th>
            <th scope="col">Log end</th>
            <th scope="col">Lag</th>
            <th scope="col">Size</th>
            <th scope="col">Segments</th>
          </tr>
        </thead>
        <tbody>
          {p.replicaStates.map((r) => (
            <tr key={r.brokerId}>
              <th scope="row">
                Broker {r.brokerId}
                {r.brokerId === p.replicas[0] && <small> (preferred)</small>}
              </th>
              <td>{r.role === 'offline' ? 'offline (broker down)' : r.role}</td>
              <td>{r.inIsr ? 'yes' : 'no'}</td>
              <td>{r.logStartOffset}</td>
              <td>{r.highWatermark}</td>
              <td>{r.logEndOffset}</td>
              <td>{r.role === 'leader' ? '–' : `${r.lagRecords} record${r.lagRecords === 1 ? '' : 's'}`}</td>
              <td>{formatBytes(r.sizeBytes)}</td>
              <td>{r.segmentCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The partition inspector (`kafka-topics.sh --describe` for one partition, plus each replica's log). */
export function PartitionInspector({ topic, partition }: { topic: string; partition: number }) {
  const p = usePartition(topic, partition);
  const minIsrValue = useTopicConfigValue(topic, 'min.insync.replicas');
  const minIsr = typeof minIsrValue === 'number' ? minIsrValue : null;
  const [error, run] = useCommand();
  if (!p) return null;

  const name = partitionName(p.topic, p.partition);
  const outOfSync = p.replicas.filter((id) => !p.isr.includes(id));

  return (
    <div className="partition-inspector">
      <p>
        <strong>{leaderSentence(p)}</strong>
      </p>
      <dl className="inspector-facts">
        <dt>Replicas</dt>
        <dd>
          {brokersInWords(p.replicas)} (preferred leader: broker {p.replicas[0]})
        </dd>
        <dt>In-sync (ISR)</dt>
        <dd>
          {brokersInWords(p.isr)} — {p.isr.length} of {p.replicas.length} replicas
          {outOfSync.length > 0 && `; out of sync: ${brokersInWords(outOfSync)}`}
        </dd>
        <dt>min.insync.replicas</dt>
        <dd>{minIsr ?? '?'}</dd>
        <dt>Leader&apos;s log</dt>
        <dd>{p.offline ? 'unavailable' : `log start ${p.logStartOffset}, high watermark ${p.highWatermark}, log end ${p.logEndOffset}`}</dd>
      </dl>

      <div aria-live="polite">
        {p.offline && (
          <p className="inspector-danger">
            <span aria-hidden="true">✖ </span>
            <strong>Offline:</strong> no in-sync replica is alive, so reads and writes fail until one returns (or an unclean election picks an out-of-sync
            replica).
          </p>
        )}
        {!p.offline && p.underMinIsr && (
          <p className="inspector-danger">
            <span aria-hidden="true">⚠ </span>
            <strong>Under min ISR:</strong> {p.isr.length} in sync, min.insync.replicas is {minIsr ?? '?'}: acks=all writes fail with
            NotEnoughReplicasException.
          </p>
        )}
        {!p.offline && p.underReplicated && (
          <p className="inspector-warning">
            <span aria-hidden="true">⚠ </span>
            <strong>Under-replicated:</strong> {p.isr.length} of {p.replicas.length} replicas are in sync.
          </p>
        )}
        {p.recovering && <p className="inspector-note">Recovering: the leader is loading its log after a restart.</p>}
        {p.acknowledgedLost > 0 && (
          <p className="inspector-danger">
            <span aria-hidden="true">✖ </span>
            <strong>
              {p.acknowledgedLost} acknowledged record{p.acknowledgedLost === 1 ? '' : 's'} lost
            </strong>
            : the producer was told they were written, but the current leader does not have them.
          </p>
        )}
      </div>

      <ReplicaTable p={p} />

      <section aria-label={`Leader election for ${name}`}>
        <h3>Leader election</h3>
        <div className="inspector-actions">
          <button type="button" onClick={() => void run({ type: 'electLeaders', electionType: 'preferred', topic: p.topic })}>
            Elect preferred leader
          </button>
          {p.offline && (
            <button type="button" onClick={() => void run({ type: 'electLeaders', electionType: 'unclean', topic: p.topic })}>
              Unclean leader election
            </button>
          )}
          <button type="button" onClick={() => select({ kind: 'topic', topic: p.topic })}>
            Inspect topic {p.topic}
          </button>
        </div>
        <p className="inspector-note">
          Preferred election moves leadership to broker {p.replicas[0]} if it is in the ISR (for every partition of {p.topic}).
        </p>
        {p.offline && (
          <p className="inspector-warning">
            <span aria-hidden="true">⚠ </span>
            An unclean election makes an out-of-sync replica the leader: the partition is available again, but acknowledged records that replica never copied
            are lost, and consumers may see offsets reused.
          </p>
        )}
        <CommandAlert text={error} />
      </section>
    </div>
  );
}
