import { memo, useId, useMemo, useState } from 'react';
import type { SimEvent } from '../../engine';
import { select, viewTopic } from '../../store';
import type { LoggedEvent } from '../../store';
import { useEvents, useTraffic } from '../../store/hooks';
import { describeEvent, EVENT_CATEGORY_LABELS, EVENT_CATEGORY_TAGS, entityOf, eventCategory, eventMentions } from '../event-meaning';
import type { EventCategory } from '../event-meaning';
import { formatSimTime } from '../format';
import './event-log.css';

/** Rows rendered at most: the store keeps more, and a longer list only slows the page. */
const EVENT_ROWS_LIMIT = 200;

type KindFilter = 'all' | EventCategory;
const KIND_OPTIONS = Object.entries(EVENT_CATEGORY_LABELS) as [EventCategory, string][];

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

/** Shows the entity an event names in the inspector (and its topic in the log view). */
function openEntity(event: SimEvent): void {
  const entity = entityOf(event);
  if (!entity) return;
  select(entity);
  if (entity.kind === 'partition' || entity.kind === 'topic') viewTopic(entity.topic);
}

const EventRow = memo(function EventRow({ logged }: { logged: LoggedEvent }) {
  const { event } = logged;
  const category = eventCategory(event);
  const text = describeEvent(event);
  const isError = category === 'errors';
  const hasEntity = entityOf(event) !== null;
  return (
    <li className={`event-row event-cat-${category}${isError ? ' event-row-error' : ''}`}>
      <span className="event-time">{formatEventTime(event.timeMs)}</span>
      {hasEntity ? (
        <button type="button" className="event-text event-link" onClick={() => openEntity(event)}>
          {text}
        </button>
      ) : (
        <span className="event-text">{text}</span>
      )}
      {isError ? (
        <span className="event-tag event-tag-error">
          <span aria-hidden="true">⚠ </span>error
        </span>
      ) : (
        <span className="event-tag">{EVENT_CATEGORY_TAGS[category]}</span>
      )}
    </li>
  );
});

/**
 * What happened, newest first, in Kafka's words, filterable by kind and by entity. A row that names
 * an entity is a button that opens it in the inspector. Record-level traffic is merged in only on
 * request. Everything is rendered as React text (topic names and messages may contain markup).
 */
export function EventLog() {
  const [showTraffic, setShowTraffic] = useState(false);
  const [kind, setKind] = useState<KindFilter>('all');
  const [entity, setEntity] = useState('');
  const events = useEvents();
  // Record traffic changes on almost every tick: subscribe to it only while it is shown.
  const traffic = useTraffic(showTraffic);
  const kindId = useId();
  const entityId = useId();

  const { rows, total, matching } = useMemo(() => {
    const all = mergeByTime(events, traffic);
    const matches = all.filter((l) => (kind === 'all' || eventCategory(l.event) === kind) && eventMentions(l.event, entity));
    // Newest first; only the newest EVENT_ROWS_LIMIT are rendered.
    return { rows: matches.slice(-EVENT_ROWS_LIMIT).reverse(), total: all.length, matching: matches.length };
  }, [events, traffic, kind, entity]);

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
        <label htmlFor={entityId}>Entity</label>
        <input id={entityId} type="text" value={entity} placeholder="e.g. orders-1, broker 2, billing" onChange={(e) => setEntity(e.target.value)} />
        <label className="event-traffic-toggle">
          <input type="checkbox" checked={showTraffic} onChange={(e) => setShowTraffic(e.target.checked)} /> Show record traffic
        </label>
      </div>
      <p className="event-count">
        showing {rows.length} of {total} events
        {matching > rows.length && ` (the newest ${rows.length} of ${matching} that match)`}
      </p>
      {/* Record traffic arrives many times a second: announcing it would drown a screen reader. */}
      <div className="event-rows" role="log" aria-label="Events, newest first" aria-live={showTraffic ? 'off' : 'polite'}>
        <ol>
          {rows.map((l) => (
            <EventRow key={l.seq} logged={l} />
          ))}
        </ol>
      </div>
    </section>
  );
}
