import { memo, useMemo } from 'react';
import { select } from '../../store';
import type { Selection } from '../../store';
import type { GroupModel, ProducerModel } from '../../store/cluster-cards';
import type { ClusterLayout, GroupBox, ProducerBox } from './layout';
import { isolate, visibleText } from '../text/user-text';
import { UserText } from '../text/UserText';

const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A card's name: selects what it names; the typed name shown as typed, its visible form as the accessible name. */
function NameButton({ kind, name, selected, selection }: { kind: string; name: string; selected: boolean; selection: Selection }) {
  return (
    <button
      type="button"
      className="cs-name"
      aria-label={`${kind} ${visibleText(name)}`}
      title={isolate(name)}
      aria-pressed={selected}
      onClick={() => select(selection)}
    >
      <UserText text={name} />
    </button>
  );
}

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
      <NameButton kind="Producer" name={p.id} selected={selected} selection={{ kind: 'producer', id: p.id }} />
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
        <NameButton kind="Group" name={g.groupId} selected={groupSelected} selection={{ kind: 'group', groupId: g.groupId }} />
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
            <NameButton kind="Consumer" name={c.id} selected={selected} selection={{ kind: 'consumer', id: c.id }} />
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
