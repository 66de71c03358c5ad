import { useState } from 'react';
import type { FormEvent } from 'react';
import { partitionName } from '../../engine';
import type { ConfigValue, ConsumerView, GroupView, OffsetResetTarget } from '../../engine';
import { select } from '../../store';
import { useConsumers, useGroup } from '../../store/hooks';
import { formatDuration, plural } from '../format';
import { isolate, visibleText } from '../text/user-text';
import { UserText } from '../text/UserText';
import { CommandAlert, useCommand } from './command';
import { TableScroll } from './TableScroll';
import './forms.css';

/** Kafka's assignors, and Kafka's default list (range first, upgradeable to cooperative-sticky). */
const ASSIGNOR_CHOICES = ['range', 'roundrobin', 'sticky', 'cooperative-sticky', 'range,cooperative-sticky'] as const;
const STRATEGY = 'partition.assignment.strategy';

/** LAG (time) as a person says it: how old the oldest uncommitted record is. */
function lagTime(p: GroupView['partitions'][number]): string {
  if (p.lagMs === null) return '-';
  if (p.lag === 0) return 'caught up';
  if (p.lagMs < 1000) return '< 1 s';
  return formatDuration(Math.round(p.lagMs / 1000) * 1000);
}

/** The overrides a consumer was started with (not Kafka's defaults), to start a look-alike. */
function overridesOf(c: ConsumerView): Record<string, ConfigValue> {
  return Object.fromEntries(c.configs.filter((e) => e.source === 'consumer').map((e) => [e.name, e.value]));
}

/** The first `<groupId>-<n>` no consumer uses yet. */
function nextConsumerId(groupId: string, taken: readonly ConsumerView[], from: number): string {
  const ids = new Set(taken.map((c) => c.id));
  let n = from;
  while (ids.has(`${groupId}-${n}`)) n++;
  return `${groupId}-${n}`;
}

/**
 * The consumer-group inspector: `kafka-consumer-groups.sh --describe` for one group (state,
 * generation, assignor, coordinator, committed offsets and lag), its members, and controls to add
 * a consumer, switch the assignor and reset the group's offsets.
 */
export function GroupInspector({ groupId }: { groupId: string }) {
  const group = useGroup(groupId);
  const all = useConsumers();
  if (!group) {
    return (
      <section className="client-inspector" aria-label={`Consumer group ${visibleText(groupId)}`}>
        <h2>
          Consumer group <UserText text={groupId} />
        </h2>
        <p>
          There is no consumer group <UserText text={groupId} />.
        </p>
      </section>
    );
  }
  return <GroupDetails key={group.groupId} g={group} all={all} />;
}

function GroupDetails({ g, all }: { g: GroupView; all: ConsumerView[] }) {
  const consumers = all.filter((c) => c.groupId === g.groupId);
  // What the members subscribe to (the describe rows also cover topics with committed offsets only).
  const topics = [...new Set([...consumers.flatMap((c) => c.topics), ...g.partitions.map((p) => p.topic)])].sort();
  const [error, run] = useCommand();

  const addConsumer = () => {
    const template = consumers.find((c) => c.state === 'running') ?? consumers[0];
    void run({
      type: 'addConsumer',
      consumer: {
        id: nextConsumerId(g.groupId, all, consumers.length + 1),
        groupId: g.groupId,
        topics,
        ...(template ? { configs: overridesOf(template) } : {}),
      },
    });
  };

  return (
    <section className="client-inspector" aria-label={`Consumer group ${visibleText(g.groupId)}`}>
      <h2>
        Consumer group <UserText text={g.groupId} />
      </h2>
      <dl className="inspector-facts">
        <dt>State</dt>
        <dd>{g.state}</dd>
        <dt>Generation</dt>
        <dd>{g.generation}</dd>
        <dt>Assignor in use</dt>
        <dd>{g.protocol ?? '-'}</dd>
        <dt>Coordinator</dt>
        <dd>{g.coordinator < 0 ? 'unavailable' : `broker ${g.coordinator}`}</dd>
        <dt>Leader member</dt>
        <dd>{g.leader === null ? '-' : <UserText text={g.leader} />}</dd>
        <dt>Rebalances</dt>
        <dd>{g.stats.rebalances}</dd>
        <dt>Processed</dt>
        <dd>
          {g.stats.processed} ({g.stats.duplicates} processed twice)
        </dd>
        <dt>Skipped by retention</dt>
        <dd>{g.stats.skippedByRetention === 0 ? 'none' : `${plural(g.stats.skippedByRetention, 'record')} deleted by retention before the group read them`}</dd>
      </dl>
      {g.warnings.length > 0 && (
        <ul className="warnings">
          {g.warnings.map((w) => (
            <li key={w} className="inspector-warning">
              <span aria-hidden="true">⚠ </span>Warning: <UserText text={w} />
            </li>
          ))}
        </ul>
      )}

      <DescribeTable g={g} />

      <h3>Members</h3>
      {g.members.length === 0 ? (
        <p>No members.</p>
      ) : (
        <ul className="member-list">
          {g.members.map((m) => (
            <li key={m.memberId}>
              <button
                type="button"
                className="link"
                aria-label={`Inspect consumer ${visibleText(m.consumerId)}`}
                onClick={() => select({ kind: 'consumer', id: m.consumerId })}
              >
                <UserText text={m.consumerId} />
              </button>
              {m.consumerId === g.leader ? ' (leader)' : ''}
              {m.groupInstanceId ? (
                <>
                  {' · static member '}
                  <UserText text={m.groupInstanceId} />
                </>
              ) : (
                ''
              )}{' '}
              · {m.assignment.length > 0 ? <UserText text={m.assignment.join(', ')} /> : 'no partitions'}
            </li>
          ))}
        </ul>
      )}
      {consumers.some((c) => !g.members.some((m) => m.consumerId === c.id)) && (
        <p className="inspector-note">
          Not members now:{' '}
          {consumers
            .filter((c) => !g.members.some((m) => m.consumerId === c.id))
            .map((c) => (
              <button
                key={c.id}
                type="button"
                className="link"
                aria-label={`Inspect consumer ${visibleText(c.id)}`}
                onClick={() => select({ kind: 'consumer', id: c.id })}
              >
                <UserText text={c.id} /> ({c.state === 'crashed' ? 'crashed' : c.status})
              </button>
            ))}
        </p>
      )}
      <div className="inspector-actions">
        <button type="button" disabled={topics.length === 0} onClick={addConsumer}>
          Add consumer to <UserText text={g.groupId} />
        </button>
      </div>
      <CommandAlert text={error} />

      <AssignorForm consumers={consumers} />
      <ResetOffsetsForm groupId={g.groupId} topics={topics} />
    </section>
  );
}

/** `kafka-consumer-groups.sh --describe`, one row per partition the group reads or has committed. */
function DescribeTable({ g }: { g: GroupView }) {
  return (
    <TableScroll label={`kafka-consumer-groups.sh --describe --group ${visibleText(g.groupId)}`}>
      <table className="client-table describe">
        <caption>
          kafka-consumer-groups.sh --describe --group <UserText text={g.groupId} />
        </caption>
        <thead>
          <tr>
            <th scope="col">TOPIC</th>
            <th scope="col">PARTITION</th>
            <th scope="col">CURRENT-OFFSET</th>
            <th scope="col">LOG-END-OFFSET</th>
            <th scope="col">LAG</th>
            <th scope="col">LAG (time)</th>
            <th scope="col">CONSUMER</th>
          </tr>
        </thead>
        <tbody>
          {g.partitions.map((p) => (
            <tr key={partitionName(p.topic, p.partition)} aria-label={visibleText(partitionName(p.topic, p.partition))}>
              <td>{p.topic}</td>
              <td>{p.partition}</td>
              <td>{p.committedOffset ?? '-'}</td>
              <td>{p.highWatermark < 0 ? '-' : p.highWatermark}</td>
              <td>{p.lag ?? '-'}</td>
              <td>{lagTime(p)}</td>
              <td>{p.owner === null ? '-' : <UserText text={p.owner} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Switches `partition.assignment.strategy` on every running member (each must support the assignor). */
function AssignorForm({ consumers }: { consumers: ConsumerView[] }) {
  const running = consumers.filter((c) => c.state === 'running');
  const current = String(running[0]?.configs.find((e) => e.name === STRATEGY)?.value ?? 'range,cooperative-sticky');
  const [choice, setChoice] = useState<string | null>(null);
  const [error, run] = useCommand();
  const [applied, setApplied] = useState<string | null>(null);
  const value = choice ?? current;

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    setApplied(null);
    for (const c of running) if (!(await run({ type: 'updateConsumer', consumerId: c.id, configs: { [STRATEGY]: value } }))) return;
    setApplied(`Applied to ${running.length} member(s)`);
  };

  return (
    <form className="stack-form" aria-label="Assignor" onSubmit={(e) => void apply(e)}>
      <h3>Assignor</h3>
      <label>
        {STRATEGY}
        <select value={value} onChange={(e) => setChoice(e.target.value)}>
          {ASSIGNOR_CHOICES.map((a) => (
            <option key={a} value={a}>
              {a}
              {a === 'range,cooperative-sticky' ? " (Kafka's default)" : ''}
            </option>
          ))}
        </select>
      </label>
      <p className="inspector-note">
        Every member must support the assignor; the group rebalances to use it. Eager assignors (range, roundrobin, sticky) revoke everything first;
        cooperative-sticky moves only what changes.
      </p>
      <button type="submit" disabled={running.length === 0}>
        Apply assignor
      </button>
      {applied && <span className="form-ok">{applied}</span>}
      <CommandAlert text={error} />
    </form>
  );
}

type ResetKind = OffsetResetTarget['kind'];

/** `kafka-consumer-groups.sh --reset-offsets --execute` for one topic of the group. */
function ResetOffsetsForm({ groupId, topics }: { groupId: string; topics: string[] }) {
  const [topic, setTopic] = useState<string | null>(null);
  const [kind, setKind] = useState<ResetKind>('earliest');
  const [offset, setOffset] = useState('0');
  const [atSeconds, setAtSeconds] = useState('0');
  const [error, run] = useCommand();
  const [done, setDone] = useState<string | null>(null);
  const chosenTopic = topic !== null && topics.includes(topic) ? topic : (topics[0] ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The engine checks the numbers (ConsumerGroupCommand parses them as longs) and says why it refuses.
    const to: OffsetResetTarget =
      kind === 'offset' ? { kind, offset: Number(offset) } : kind === 'timestamp' ? { kind, timestampMs: Math.round(Number(atSeconds) * 1000) } : { kind };
    setDone((await run({ type: 'resetOffsets', groupId, topic: chosenTopic, to })) ? `Offsets of ${isolate(chosenTopic)} reset` : null);
  };
  const choice = (value: ResetKind, label: string) => (
    <label>
      <input type="radio" name={`reset-${groupId}`} value={value} checked={kind === value} onChange={() => setKind(value)} /> {label}
    </label>
  );

  return (
    <form className="stack-form" aria-label="Reset offsets" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>Reset offsets</legend>
        <label>
          Topic
          <select value={chosenTopic} onChange={(e) => setTopic(e.target.value)}>
            {topics.map((t) => (
              <option key={t} value={t}>
                {isolate(t)}
              </option>
            ))}
          </select>
        </label>
        {choice('earliest', 'To earliest')}
        {choice('latest', 'To latest')}
        {choice('offset', 'To offset')}
        {kind === 'offset' && (
          <label>
            Offset
            <input type="number" step={1} value={offset} onChange={(e) => setOffset(e.target.value)} />
          </label>
        )}
        {choice('timestamp', 'To date-time')}
        {kind === 'timestamp' && (
          <label>
            At time (s)
            <input type="number" min={0} step="any" value={atSeconds} onChange={(e) => setAtSeconds(e.target.value)} />
          </label>
        )}
        <p className="inspector-note">Kafka only allows this while the group has no active members: stop or remove its consumers first.</p>
      </fieldset>
      <button type="submit" disabled={chosenTopic === ''}>
        Reset offsets
      </button>
      {done && (
        <span className="form-ok" role="status">
          {done}
        </span>
      )}
      <CommandAlert text={error} />
    </form>
  );
}
