import { memo, useMemo } from 'react';
import { select } from '../../store';
import type { Selection } from '../../store';
import type { GroupModel, ProducerModel } from '../../store/cluster-cards';
import type { ClusterLayout, GroupBox, ProducerBox } from './layout';
import { isolate, visibleText } from '../text/user-text';
import { UserText } from '../text/UserText';

const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

interface ProducerCardProps {
  sig: string;
  box: ProducerBox;
  selected: boolean;
}

/** A producer: its name (selects it), topic, rate, acks, and "paused" when paused. */
const ProducerCard = memo(function ProducerCard({ sig, box, selected }: ProducerCardProps) {
  const p = useMemo(() => JSON.parse(sig) as ProducerModel, [sig]);
  return (
    <div
      className={`cs-card cs-producer${p.paused ? ' cs-paused' : ''}${selected ? ' cs-selected' : ''}`}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
    >
      <button
        type="button"
        className="cs-name"
        aria-label={`Producer ${visibleText(p.id)}`}
        title={isolate(p.id)}
        aria-pressed={selected}
        onClick={() => select({ kind: 'producer', id: p.id })}
      >
        <UserText text={p.id} />
      </button>
      <p className="cs-facts">
        {/* Topic names are Kafka's [a-zA-Z0-9._-] only: nothing to isolate or mark. */}
        {p.topic} · {rateFormat.format(p.ratePerSec)} rec/s · acks={p.acks}
        {p.paused && <span className="cs-state"> paused</span>}
      </p>
    </div>
  );
});

interface GroupCardProps {
  sig: string;
  box: GroupBox;
  /** The selected group id or consumer id (whichever kind is selected), or null. */
  selectedGroup: string | null;
  selectedConsumer: string | null;
}

/** A consumer group box: the group's name (selects it), its state, and one row per consumer. */
const GroupCard = memo(function GroupCard({ sig, box, selectedGroup, selectedConsumer }: GroupCardProps) {
  const g = useMemo(() => JSON.parse(sig) as GroupModel, [sig]);
  const groupSelected = selectedGroup === g.groupId;
  return (
    <div
      role="group"
      aria-label={`Group ${visibleText(g.groupId)}`}
      className={`cs-card cs-group${groupSelected ? ' cs-selected' : ''}`}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
    >
      <div className="cs-group-head" style={{ height: box.headHeight }}>
        <button
          type="button"
          className="cs-name"
          aria-label={`Group ${visibleText(g.groupId)}`}
          title={isolate(g.groupId)}
          aria-pressed={groupSelected}
          onClick={() => select({ kind: 'group', groupId: g.groupId })}
        >
          <UserText text={g.groupId} />
        </button>
        <span className="cs-group-state" title={g.state}>
          {g.state}
        </span>
      </div>
      {g.consumers.length === 0 && <p className="cs-facts cs-empty">no consumers</p>}
      {g.consumers.map((c, i) => {
        const row = box.members[i];
        if (!row) return null;
        const selected = selectedConsumer === c.id;
        const compact = row.height < 32;
        const status = c.state === 'crashed' ? 'crashed' : c.idle ? 'idle' : c.paused ? 'paused' : null;
        return (
          <div
            key={c.id}
            className={`cs-member${compact ? ' cs-compact' : ''}${c.state === 'crashed' ? ' cs-member-crashed' : ''}${selected ? ' cs-selected' : ''}`}
            style={{ left: row.x - box.x, top: row.y - box.y, width: row.width, height: row.height }}
          >
            <button
              type="button"
              className="cs-name"
              aria-label={`Consumer ${visibleText(c.id)}`}
              title={isolate(c.id)}
              aria-pressed={selected}
              onClick={() => select({ kind: 'consumer', id: c.id })}
            >
              <UserText text={c.id} />
            </button>
            {status && <span className={`cs-state cs-state-${status}`}>{status}</span>}
            {c.assignment.length > 0 && (
              <span className="cs-assignment" title={isolate(c.assignment.join(', '))}>
                <UserText text={c.assignment.join(', ')} />
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
});

export interface ClientNodesProps {
  layout: ClusterLayout;
  producerSigs: readonly string[];
  groupSigs: readonly string[];
  selection: Selection | null;
}

/** Producers (left column) and consumer groups with their members (right column). */
export function ClientNodes({ layout, producerSigs, groupSigs, selection }: ClientNodesProps) {
  const selectedProducer = selection?.kind === 'producer' ? selection.id : null;
  const selectedGroup = selection?.kind === 'group' ? selection.groupId : null;
  const selectedConsumer = selection?.kind === 'consumer' ? selection.id : null;
  return (
    <>
      {producerSigs.map((sig, i) => {
        const box = layout.producers[i];
        return box ? <ProducerCard key={box.id} sig={sig} box={box} selected={box.id === selectedProducer} /> : null;
      })}
      {groupSigs.map((sig, i) => {
        const box = layout.groups[i];
        return box ? <GroupCard key={box.groupId} sig={sig} box={box} selectedGroup={selectedGroup} selectedConsumer={selectedConsumer} /> : null;
      })}
    </>
  );
}
