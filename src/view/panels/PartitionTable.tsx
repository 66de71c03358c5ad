import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PartitionView } from '../../engine';
import { useSimStore } from '../../store';
import type { SimState } from '../../store';

const selectPartitions = (s: SimState) => s.snapshot?.partitions ?? [];

function health(p: PartitionView): string {
  if (p.offline) return 'OFFLINE';
  if (p.underMinIsr) return 'under min ISR';
  if (p.underReplicated) return 'under-replicated';
  return 'healthy';
}

/** One row per partition: leader, ISR, epoch, and the leader's log start offset, high watermark and log end offset. */
export function PartitionTable() {
  const all = useSimStore(useShallow(selectPartitions));
  const [showInternal, setShowInternal] = useState(false);
  const partitions = showInternal ? all : all.filter((p) => !p.topic.startsWith('__'));
  const internal = all.length - all.filter((p) => !p.topic.startsWith('__')).length;
  return (
    <section aria-labelledby="partitions-heading" className="panel">
      <h2 id="partitions-heading">Partitions</h2>
      {internal > 0 && (
        <label>
          <input type="checkbox" checked={showInternal} onChange={(e) => setShowInternal(e.target.checked)} /> Show internal topics ({internal} partitions of __consumer_offsets, where groups keep their committed offsets)
        </label>
      )}
      <table className="partitions">
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Leader</th>
            <th scope="col">Replicas</th>
            <th scope="col">ISR</th>
            <th scope="col">Epoch</th>
            <th scope="col">Log start</th>
            <th scope="col">High watermark</th>
            <th scope="col">Log end</th>
            <th scope="col">Segments</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {partitions.map((p) => {
            const key = `${p.topic}-${p.partition}`;
            const leaderReplica = p.replicaStates.find((r) => r.brokerId === p.leader);
            return (
              <tr key={key} className={`partition-${health(p).replace(/\s/g, '-')}`}>
                <th scope="row">{key}</th>
                <td>{p.leader < 0 ? 'none' : p.leader}</td>
                <td>{p.replicas.join(', ')}</td>
                <td>{p.isr.join(', ')}</td>
                <td>{p.leaderEpoch}</td>
                <td>{p.logStartOffset < 0 ? '–' : p.logStartOffset}</td>
                <td data-testid={`hw-${key}`}>{p.highWatermark < 0 ? '–' : p.highWatermark}</td>
                <td>{p.logEndOffset < 0 ? '–' : p.logEndOffset}</td>
                <td>{leaderReplica ? leaderReplica.segments.length : '–'}</td>
                <td>
                  {health(p)}
                  {p.acknowledgedLost > 0 && ` · ${p.acknowledgedLost} acknowledged record(s) lost`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
