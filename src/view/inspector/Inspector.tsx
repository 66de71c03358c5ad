/**
 * The inspector: whatever is selected (broker, topic, partition, record, producer, group,
 * consumer) in detail, with its controls; the cluster overview when nothing is selected.
 */
import { partitionName } from '../../engine';
import { select } from '../../store';
import type { Selection } from '../../store';
import { useHasSnapshot, useSelection, useSelectionExists } from '../../store/hooks';
import { isolate } from '../text/user-text';
import { IsolatedSentence } from '../text/UserText';
import { RecordDetail } from '../topic/RecordDetail';
import { BrokerInspector } from './BrokerInspector';
import { ClusterOverview } from './ClusterOverview';
import { ConsumerInspector } from './ConsumerInspector';
import { GroupInspector } from './GroupInspector';
import { PartitionInspector } from './PartitionInspector';
import { ProducerInspector } from './ProducerInspector';
import { TopicInspector } from './TopicInspector';
import './inspector.css';

/**
 * Inspectors that render their own `<h2>` naming the entity (the producer, group and consumer
 * inspectors and the cluster overview): the shell leaves its heading out for them, so the page
 * never has two headings for one thing.
 */
const SELF_TITLED: ReadonlySet<Selection['kind'] | 'cluster'> = new Set(['producer', 'group', 'consumer', 'cluster']);

/**
 * The inspector heading for a selection.
 * @example selectionTitle({ kind: 'partition', topic: 'orders', partition: 1 }) // "Partition orders-1"
 */
function selectionTitle(sel: Selection | null): string {
  if (!sel) return 'Cluster';
  switch (sel.kind) {
    case 'broker':
      return `Broker ${sel.id}`;
    case 'topic':
      return `Topic ${isolate(sel.topic)}`;
    case 'partition':
      return `Partition ${isolate(partitionName(sel.topic, sel.partition))}`;
    case 'record':
      return `Record ${isolate(partitionName(sel.topic, sel.partition))}@${sel.offset}`;
    case 'producer':
      return `Producer ${isolate(sel.id)}`;
    case 'group':
      return `Group ${isolate(sel.groupId)}`;
    case 'consumer':
      return `Consumer ${isolate(sel.id)}`;
  }
}

function missingText(sel: Selection): string {
  switch (sel.kind) {
    case 'broker':
      return `Broker ${sel.id} is no longer part of the cluster.`;
    case 'topic':
      return `Topic ${isolate(sel.topic)} no longer exists.`;
    case 'partition':
    case 'record':
      return `Partition ${isolate(partitionName(sel.topic, sel.partition))} no longer exists.`;
    case 'producer':
      return `Producer ${isolate(sel.id)} no longer exists: it was closed.`;
    case 'group':
      return `Group ${isolate(sel.groupId)} no longer exists.`;
    case 'consumer':
      return `Consumer ${isolate(sel.id)} no longer exists: it was closed.`;
  }
}

function InspectorBody({ sel }: { sel: Selection }) {
  switch (sel.kind) {
    case 'broker':
      return <BrokerInspector id={sel.id} />;
    case 'topic':
      return <TopicInspector topic={sel.topic} />;
    case 'partition':
      return <PartitionInspector topic={sel.topic} partition={sel.partition} />;
    case 'record':
      return <RecordDetail topic={sel.topic} partition={sel.partition} offset={sel.offset} />;
    case 'producer':
      return <ProducerInspector id={sel.id} />;
    case 'group':
      return <GroupInspector groupId={sel.groupId} />;
    case 'consumer':
      return <ConsumerInspector id={sel.id} />;
  }
}

/**
 * The side panel: a heading naming the selection ("Topic orders"; self-titled inspectors bring
 * their own), a Close button back to the cluster overview, and the selection's inspector. Says so
 * when the selection has disappeared.
 */
export function Inspector() {
  const sel = useSelection();
  const hasSnapshot = useHasSnapshot();
  const exists = useSelectionExists();
  let body;
  if (!hasSnapshot) body = <p className="inspector-missing">Waiting for the simulation to start…</p>;
  else if (!sel) body = <ClusterOverview />;
  else if (!exists)
    body = (
      <div>
        <p className="inspector-missing">
          <IsolatedSentence text={missingText(sel)} />
        </p>
        <button type="button" onClick={() => select(null)}>
          Back to cluster
        </button>
      </div>
    );
  // Keyed by the selection so drafts typed for one topic or broker never leak into the next one's form.
  else body = <InspectorBody key={selectionTitle(sel)} sel={sel} />;
  // A missing entity's inspector is not rendered, so the shell names it.
  const bodyTitled = hasSnapshot && exists && SELF_TITLED.has(sel?.kind ?? 'cluster');
  return (
    <aside aria-label="Inspector" className="inspector" data-spot="inspector">
      <div className="inspector-head">
        {bodyTitled ? (
          <span className="inspector-head-spacer" />
        ) : (
          <h2>
            <IsolatedSentence text={selectionTitle(sel)} />
          </h2>
        )}
        {sel && (
          <button type="button" onClick={() => select(null)} title="Back to the cluster overview (Esc)">
            Close
          </button>
        )}
      </div>
      {body}
    </aside>
  );
}
