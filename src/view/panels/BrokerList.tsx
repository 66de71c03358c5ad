import { useShallow } from 'zustand/react/shallow';
import type { BrokerView } from '../../engine';
import { sendCommand, useSimStore } from '../../store';
import type { SimState } from '../../store';
import { formatBytes } from '../describe-event';

const selectBrokers = (s: SimState) => s.snapshot?.brokers ?? [];

function status(b: BrokerView): string {
  if (b.state === 'crashed') return 'crashed';
  if (b.isolated) return 'isolated';
  if (b.fenced) return 'fenced';
  return 'running';
}

function BrokerCard({ b }: { b: BrokerView }) {
  const st = status(b);
  return (
    <li className={`broker broker-${st}`} aria-label={`Broker ${b.id}`}>
      <div className="broker-head">
        <strong>Broker {b.id}</strong>
        {b.isController && <span className="badge badge-controller">controller</span>}
        {b.isVoter && !b.isController && <span className="badge">voter</span>}
        <span className={`status status-${st}`}>{st}</span>
      </div>
      <p className="broker-facts">
        {b.leaderOf} leader(s) · {b.replicas} replica(s) · {formatBytes(b.sizeBytes)}
        {b.extraLatencyMs > 0 && ` · +${b.extraLatencyMs} ms latency`}
      </p>
      <div className="actions">
        {b.state === 'running' ? (
          <button type="button" onClick={() => sendCommand({ type: 'crashBroker', brokerId: b.id })}>
            Kill broker {b.id}
          </button>
        ) : (
          <button type="button" onClick={() => sendCommand({ type: 'restartBroker', brokerId: b.id })}>
            Restart broker {b.id}
          </button>
        )}
        {b.state === 'running' &&
          (b.isolated ? (
            <button type="button" onClick={() => sendCommand({ type: 'healBroker', brokerId: b.id })}>
              Heal broker {b.id}
            </button>
          ) : (
            <button type="button" onClick={() => sendCommand({ type: 'isolateBroker', brokerId: b.id })}>
              Isolate broker {b.id}
            </button>
          ))}
        <button type="button" onClick={() => sendCommand({ type: 'slowBroker', brokerId: b.id, extraLatencyMs: b.extraLatencyMs > 0 ? 0 : 45_000 })}>
          {b.extraLatencyMs > 0 ? `Speed up broker ${b.id}` : `Slow down broker ${b.id}`}
        </button>
      </div>
    </li>
  );
}

/** Every broker as a card with its state and the faults a learner can inject. */
export function BrokerList() {
  const brokers = useSimStore(useShallow(selectBrokers));
  return (
    <section aria-labelledby="brokers-heading" className="panel">
      <h2 id="brokers-heading">Brokers</h2>
      <ul className="broker-list">
        {brokers.map((b) => (
          <BrokerCard key={b.id} b={b} />
        ))}
      </ul>
      <button type="button" onClick={() => sendCommand({ type: 'addBroker' })}>
        Add broker
      </button>
    </section>
  );
}
