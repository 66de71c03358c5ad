import { memo, useId, useMemo, useState } from 'react';
import type { SimEvent } from '../../engine';
import { select, viewTopic } from '../../store';
import type { LoggedEvent } from '../../store';
import { collapseRepeats } from '../../store/event-log';
import type { JumpReport, Repeated } from '../../store/event-log';
import { useEvents, useJumps, useTraffic } from '../../store/hooks';
import {
  describeEvent,
  describeJump,
  EVENT_CATEGORY_LABELS,
  EVENT_CATEGORY_TAGS,
  entityOf,
  eventCategory,
  eventMentions,
  eventSeverity,
  isNotable,
  jumpSeverity,
} from '../event-meaning';
import type { EventCategory, EventSeverity } from '../event-meaning';
import { formatSimTime } from '../format';
import { IsolatedSentence } from '../text/UserText';
import './event-log.css';

/** Rows rendered at most: the store keeps more, and a longer list only slows the page. */
const EVENT_ROWS_LIMIT = 200;

type KindFilter = 'all' | EventCategory;
const KIND_OPTIONS = Object.entries(EVENT_CATEGORY_LABELS) as [EventCategory, string][];

/** "Importance": everything, what a person looks for in a long log, or only what went wrong. */
type ImportanceFilter = 'all' | 'notable' | 'problems';
const IMPORTANCE_OPTIONS: [ImportanceFilter, string][] = [
  ['all', 'Everything'],
  ['notable', 'Elections, failures and changes'],
  ['problems', 'Warnings and errors'],
];
const IMPORTANCE_TEST: Record<ImportanceFilter, (e: SimEvent) => boolean> = {
  all: () => true,
  notable: isNotable,
  problems: (e) => eventSeverity(e) !== 'info',
};

/**
 * Severity by an icon's shape and a word, never by colour alone: an "i" in a circle (drawn by CSS:
 * "ⓘ" is missing from common fonts), a triangle, a cross.
 */
const SEVERITY_ICON: Record<EventSeverity, string> = { info: 'i', warning: '▲', error: '✖' };

/** "t=12.400 s" for the first ten minutes, then "T+00:12:34.500" (easier to read than thousands of seconds). */
function formatEventTime(timeMs: number): string {
  return timeMs < 600_000 ? `t=${(timeMs / 1000).toFixed(3)} s` : formatSimTime(timeMs);
}

/** Cluster events and record traffic, merged in simulated-time order (ties in arrival order). */
function mergeByTime(a: readonly LoggedEvent[], b: readonly LoggedEvent[]): LoggedEvent[] {
  if (b.length === 0) return a.slice();
  const out: LoggedEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.event.timeMs < y.event.timeMs || (x.event.timeMs === y.event.timeMs && x.seq < y.seq))) {
      out.push(x);
      i++;
    } else if (y) {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** Identical lines fold together: same type, same sentence. */
const repeatKey = (l: LoggedEvent): string => `${l.event.type}\u001f${describeEvent(l.event)}`;

type Row = { kind: 'event'; key: string; run: Repeated<LoggedEvent> } | { kind: 'jump'; key: string; jump: JumpReport };

/** Rows newest first: runs of identical events folded, each fast-forward's summary above the events it ran. */
function buildRows(newestFirst: readonly LoggedEvent[], jumps: readonly JumpReport[]): Row[] {
  const runs = collapseRepeats(newestFirst, repeatKey);
  const pending = jumps.slice().sort((a, b) => b.toMs - a.toMs); // newest first
  const rows: Row[] = [];
  let j = 0;
  for (const run of runs) {
    while (j < pending.length && run.newest.event.timeMs <= pending[j]!.toMs) rows.push(jumpRow(pending[j++]!));
    rows.push({ kind: 'event', key: `e${run.newest.seq}`, run });
  }
  while (j < pending.length) rows.push(jumpRow(pending[j++]!));
  return rows;
}
const jumpRow = (jump: JumpReport): Row => ({ kind: 'jump', key: `j${jump.fromMs}-${jump.toMs}`, jump });

/** Shows the entity an event names in the inspector (and its topic in the log view). */
function openEntity(event: SimEvent): void {
  const entity = entityOf(event);
  if (!entity) return;
  select(entity);
  if (entity.kind === 'partition' || entity.kind === 'topic') viewTopic(entity.topic);
}

function Severity({ severity }: { severity: EventSeverity }) {
  return (
    <span className={`event-severity event-severity-${severity}`}>
      <span className={`event-icon event-icon-${severity}`} aria-hidden="true">
        {SEVERITY_ICON[severity]}
      </span>{' '}
      {severity}
    </span>
  );
}

/** "×3" (read as "repeated 3 times"), and the time the run spans when it is more than one millisecond. */
function RepeatCount({ count, spanMs, sinceMs }: { count: number; spanMs: number; sinceMs: number }) {
  return (
    <span className="event-repeat">
      <span aria-hidden="true">×{count}</span>
      <span className="visually-hidden">repeated {count} times</span>
      {spanMs > 0 ? ` over ${(spanMs / 1000).toFixed(3)} s, since ${formatEventTime(sinceMs)}` : ' in the same ms'}
    </span>
  );
}

/** One line: the newest of `count` identical events (props are primitives and stored objects, so memo holds across ticks). */
const EventRow = memo(function EventRow({ logged, count, sinceMs }: { logged: LoggedEvent; count: number; sinceMs: number }) {
  const { event } = logged;
  const category = eventCategory(event);
  const severity = eventSeverity(event);
  const text = describeEvent(event);
  const hasEntity = entityOf(event) !== null;
  return (
    <li className={`event-row event-cat-${category} event-row-${severity}`}>
      <span className="event-time">{formatEventTime(event.timeMs)}</span>
      <Severity severity={severity} />
      {hasEntity ? (
        <button type="button" className="event-text event-link" onClick={() => openEntity(event)}>
          <IsolatedSentence text={text} />
        </button>
      ) : (
        <span className="event-text">
          <IsolatedSentence text={text} />
        </span>
      )}
      {count > 1 && <RepeatCount count={count} spanMs={event.timeMs - sinceMs} sinceMs={sinceMs} />}
      <span className="event-tag">{EVENT_CATEGORY_TAGS[category]}</span>
    </li>
  );
});

const JumpRow = memo(function JumpRow({ jump }: { jump: JumpReport }) {
  const severity = jumpSeverity(jump);
  return (
    <li className={`event-row event-jump event-row-${severity}`}>
      <span className="event-time">{formatEventTime(jump.toMs)}</span>
      <Severity severity={severity} />
      <span className="event-text">{describeJump(jump)}</span>
      <span className="event-tag">fast-forward</span>
    </li>
  );
});

/**
 * What happened, newest first, in Kafka's words, filterable by kind, importance and entity. Every
 * line shows its severity (icon and word); identical lines in a row fold into one with a count; a
 * fast-forward is one summary line counting what it ran. A row that names an entity is a button
 * that opens it in the inspector. Record-level traffic is merged in only on request. Everything is
 * rendered as React text (topic names and messages may contain markup).
 */
export function EventLog() {
  const [showTraffic, setShowTraffic] = useState(false);
  const [kind, setKind] = useState<KindFilter>('all');
  const [importance, setImportance] = useState<ImportanceFilter>('all');
  const [entity, setEntity] = useState('');
  const events = useEvents();
  const jumps = useJumps();
  // Record traffic changes on almost every tick: subscribe to it only while it is shown.
  const traffic = useTraffic(showTraffic);
  const kindId = useId();
  const importanceId = useId();
  const entityId = useId();

  const { rows, total, matching, shown, lines } = useMemo(() => {
    const all = mergeByTime(events, traffic);
    const keep = IMPORTANCE_TEST[importance];
    const matches = all.filter((l) => (kind === 'all' || eventCategory(l.event) === kind) && keep(l.event) && eventMentions(l.event, entity));
    // A summary names no entity: it goes when the log is narrowed to one.
    const built = buildRows(matches.reverse(), entity.trim() === '' ? jumps : []).slice(0, EVENT_ROWS_LIMIT);
    const eventRows = built.filter((r) => r.kind === 'event');
    const eventsShown = eventRows.reduce((n, r) => n + r.run.count, 0);
    return { rows: built, total: all.length, matching: matches.length, shown: eventsShown, lines: eventRows.length };
  }, [events, traffic, jumps, kind, importance, entity]);

  return (
    <section aria-labelledby="events-heading" className="panel event-log">
      <h2 id="events-heading">Event log</h2>
      <div className="event-filters">
        <label htmlFor={kindId}>Kind</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as KindFilter)}>
          <option value="all">All</option>
          {KIND_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={importanceId}>Importance</label>
        <select id={importanceId} value={importance} onChange={(e) => setImportance(e.target.value as ImportanceFilter)}>
          {IMPORTANCE_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={entityId}>Entity</label>
        <input id={entityId} type="text" value={entity} placeholder="e.g. orders-1, broker 2, billing" onChange={(e) => setEntity(e.target.value)} />
        <label className="event-traffic-toggle">
          <input type="checkbox" checked={showTraffic} onChange={(e) => setShowTraffic(e.target.checked)} /> Show record traffic
        </label>
      </div>
      <p className="event-count">
        showing {shown} of {total} events
        {matching > shown && ` (the newest ${shown} of ${matching} that match)`}
        {lines < shown && `, repeats folded into ${lines} lines`}
      </p>
      {/* Record traffic arrives many times a second: announcing it would drown a screen reader. */}
      <div className="event-rows" role="log" aria-label="Events, newest first" aria-live={showTraffic ? 'off' : 'polite'}>
        <ol>
          {rows.map((r) =>
            r.kind === 'event' ? (
              <EventRow key={r.key} logged={r.run.newest} count={r.run.count} sinceMs={r.run.oldest.event.timeMs} />
            ) : (
              <JumpRow key={r.key} jump={r.jump} />
            ),
          )}
        </ol>
      </div>
    </section>
  );
}
