/**
 * One broker in words: running / crashed / isolated / fenced, its controller role, what it leads
 * and hosts, and the faults a learner can inject (isolate, slow down) or undo.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { isInternalTopic, partitionName } from '../../engine';
import type { BrokerView, PartitionView } from '../../engine';
import { select } from '../../store';
import { useBroker, useBrokerConfigValue, useBrokerPartitions, useShowInternal } from '../../store/hooks';
import { formatBytes, formatDuration, plural } from '../format';
import { CommandAlert, useCommand } from './command';
import './inspector.css';

/** Above replica.lag.time.max.ms (30 s by default), so the broker's followers drop out of the ISR. */
const DEFAULT_EXTRA_LATENCY_MS = 45_000;

function stateSentence(b: BrokerView): string {
  if (b.state === 'crashed') return 'Crashed: the broker process is down. Its replicas are offline; restart it from its card in the cluster view.';
  if (b.isolated) return 'Isolated: running, but cut off from the other brokers and the controller (clients can still reach it).';
  if (b.fenced) return 'Fenced: running, but the controller has fenced it (no recent heartbeat), so it leads no partitions.';
  return 'Running and reachable.';
}

function controllerSentence(b: BrokerView): string {
  if (b.isController) return 'Active KRaft controller (a voter of the controller quorum).';
  if (b.isVoter) return 'Voter of the KRaft controller quorum (not the active controller).';
  return 'Not a controller voter.';
}

function PartitionList({ title, partitions, brokerId }: { title: string; partitions: PartitionView[]; brokerId: number }) {
  return (
    <>
      <h4>
        {title} ({partitions.length})
      </h4>
      {partitions.length === 0 ? (
        <p className="inspector-note">None.</p>
      ) : (
        <ul className="inspector-partitions">
          {partitions.map((p) => {
            const name = partitionName(p.topic, p.partition);
            const inIsr = p.isr.includes(brokerId);
            return (
              <li key={name}>
                <button
                  type="button"
                  aria-label={`Inspect partition ${name}`}
                  onClick={() => select({ kind: 'partition', topic: p.topic, partition: p.partition })}
                >
                  {name}
                </button>
                {p.leader !== brokerId && <small>{inIsr ? ' in ISR' : ' out of ISR'}</small>}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** "3 partitions (+17 internal)": what is shown, and the hidden internal ones apart. */
function countApart(shown: number, internal: number, noun: string): string {
  return `${plural(shown, noun)}${internal > 0 ? ` (+${internal} internal)` : ''}`;
}

/**
 * The broker inspector. Kill / Restart live on the broker's card in the cluster view (one button
 * per action keeps role queries unambiguous); here: isolate / heal, slow down / restore, and
 * preferred leader election.
 */
export function BrokerInspector({ id }: { id: number }) {
  const broker = useBroker(id);
  const hosted = useBrokerPartitions(id);
  const lagTimeMax = useBrokerConfigValue('replica.lag.time.max.ms');
  const lagTimeMaxMs = typeof lagTimeMax === 'number' ? lagTimeMax : null;
  const showInternal = useShowInternal();
  const [latencyDraft, setLatencyDraft] = useState(String(DEFAULT_EXTRA_LATENCY_MS));
  const [error, run] = useCommand();
  if (!broker) return null;

  const slowDown = (e: FormEvent) => {
    e.preventDefault();
    void run({ type: 'slowBroker', brokerId: id, extraLatencyMs: Number(latencyDraft) });
  };

  const visible = hosted.filter((p) => showInternal || !isInternalTopic(p.topic));
  const hiddenInternal = hosted.length - visible.length;
  const leads = visible.filter((p) => p.leader === id);
  const follows = visible.filter((p) => p.leader !== id);
  const running = broker.state === 'running';

  return (
    <div className="broker-inspector">
      <p>
        <strong>{stateSentence(broker)}</strong>
      </p>
      <dl className="inspector-facts">
        <dt>Controller</dt>
        <dd>{controllerSentence(broker)}</dd>
        <dt>Leads</dt>
        <dd>{countApart(leads.length, hosted.filter((p) => p.leader === id).length - leads.length, 'partition')}</dd>
        <dt>Hosts</dt>
        <dd>{countApart(visible.length, hiddenInternal, 'replica')}</dd>
        <dt>Size on disk</dt>
        <dd>{formatBytes(broker.sizeBytes)}</dd>
        <dt>Extra latency</dt>
        <dd>{broker.extraLatencyMs > 0 ? `+${formatDuration(broker.extraLatencyMs)} on every message to and from it` : 'none'}</dd>
      </dl>

      <section aria-label={`Faults of broker ${id}`}>
        <h3>Faults</h3>
        <div className="inspector-actions">
          {running && !broker.isolated && (
            <button type="button" onClick={() => void run({ type: 'isolateBroker', brokerId: id })}>
              Isolate broker {id}
            </button>
          )}
          {broker.isolated && (
            <button type="button" onClick={() => void run({ type: 'healBroker', brokerId: id })}>
              Heal broker {id}
            </button>
          )}
          {broker.extraLatencyMs > 0 && (
            <button type="button" onClick={() => void run({ type: 'slowBroker', brokerId: id, extraLatencyMs: 0 })}>
              Restore broker {id} speed
            </button>
          )}
          <button type="button" onClick={() => void run({ type: 'electLeaders', electionType: 'preferred' })}>
            Elect preferred leaders
          </button>
        </div>
        <form className="inspector-inline-form" onSubmit={slowDown} noValidate>
          <label htmlFor={`broker-${id}-latency`}>Extra latency (ms)</label>
          <input id={`broker-${id}-latency`} type="number" min={0} step={1000} value={latencyDraft} onChange={(e) => setLatencyDraft(e.target.value)} />
          <button type="submit">Slow down broker {id}</button>
        </form>
        <p className="inspector-note">
          A slow broker&apos;s followers fall behind; after replica.lag.time.max.ms (
          {lagTimeMaxMs === null ? '30 s by default' : `${formatDuration(lagTimeMaxMs)} here`}) they drop out of the ISR. &ldquo;Elect preferred leaders&rdquo;
          moves leadership back to each partition&apos;s first replica, cluster-wide.
        </p>
        <CommandAlert text={error} />
      </section>

      <section aria-label={`Partitions of broker ${id}`}>
        <h3>Partitions</h3>
        <PartitionList title="Leader of" partitions={leads} brokerId={id} />
        <PartitionList title="Follower of" partitions={follows} brokerId={id} />
        {hiddenInternal > 0 && <p className="inspector-note">Plus {hiddenInternal} replica(s) of internal topics (__consumer_offsets), hidden.</p>}
      </section>
    </div>
  );
}
