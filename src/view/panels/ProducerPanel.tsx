import { useShallow } from 'zustand/react/shallow';
import { sendCommand, useSimStore } from '../../store';
import type { SimState } from '../../store';

const selectProducers = (s: SimState) => s.snapshot?.producers ?? [];
const selectStats = (s: SimState) => s.snapshot?.stats ?? null;

/** Producers with their acks and delivery counts, and the cluster's durability numbers. */
export function ProducerPanel() {
  const producers = useSimStore(useShallow(selectProducers));
  const stats = useSimStore(selectStats);
  return (
    <section aria-labelledby="producers-heading" className="panel">
      <h2 id="producers-heading">Producers</h2>
      {producers.map((p) => {
        const acks = String(p.configs.find((c) => c.name === 'acks')?.value ?? 'all');
        return (
          <div key={p.id} className="producer" aria-label={`Producer ${p.id}`}>
            <strong>{p.id}</strong> → {p.topic} · {p.ratePerSec} records/s · {p.idempotent ? 'idempotent' : 'not idempotent'}
            <label>
              {' '}
              acks
              <select value={acks} onChange={(e) => sendCommand({ type: 'updateProducer', producerId: p.id, configs: { acks: e.target.value } })}>
                <option value="0">0</option>
                <option value="1">1</option>
                <option value="all">all</option>
              </select>
            </label>
            <button type="button" onClick={() => sendCommand({ type: 'updateProducer', producerId: p.id, paused: !p.paused })}>
              {p.paused ? `Resume ${p.id}` : `Pause ${p.id}`}
            </button>
            <p>
              sent {p.stats.sent} · acknowledged {p.stats.acknowledged} · failed {p.stats.failed} · retries {p.stats.retries} · in flight {p.inFlightRecords} · queued {p.queuedRecords}
            </p>
          </div>
        );
      })}
      {stats && (
        <dl className="stats">
          <dt>Acknowledged but lost</dt>
          <dd data-testid="acknowledged-lost">{stats.acknowledgedLost}</dd>
          <dt>Under-replicated partitions</dt>
          <dd>{stats.underReplicatedPartitions}</dd>
          <dt>Offline partitions</dt>
          <dd>{stats.offlinePartitions}</dd>
          <dt>Leader elections</dt>
          <dd>{stats.leaderElections}</dd>
        </dl>
      )}
    </section>
  );
}
