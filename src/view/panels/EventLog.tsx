import { useShallow } from 'zustand/react/shallow';
import { useMemo, useState } from 'react';
import type { SimEvent } from '../../engine';
import { useSimStore } from '../../store';
import type { SimState } from '../../store';
import { describeEvent } from '../describe-event';

const selectEvents = (s: SimState) => s.events;
const NOISY = new Set<SimEvent['type']>(['recordsAppended', 'recordsReplicated', 'highWatermarkMoved', 'recordsAcknowledged']);

/** What happened, newest first, in Kafka's words. Record-level events are hidden unless asked for. */
export function EventLog() {
  const events = useSimStore(useShallow(selectEvents));
  const [showRecords, setShowRecords] = useState(false);
  const shown = useMemo(() => events.filter((e) => showRecords || !NOISY.has(e.event.type)).slice(-200).reverse(), [events, showRecords]);
  return (
    <section aria-labelledby="events-heading" className="panel events">
      <h2 id="events-heading">Event log</h2>
      <label>
        <input type="checkbox" checked={showRecords} onChange={(e) => setShowRecords(e.target.checked)} /> Show record-level events
      </label>
      <ol className="event-list" aria-live="polite" aria-relevant="additions">
        {shown.map((e) => (
          <li key={e.seq} className={`event event-${e.event.type}`}>
            <span className="event-time">t={(e.event.timeMs / 1000).toFixed(3)} s</span> {describeEvent(e.event)}
          </li>
        ))}
      </ol>
    </section>
  );
}
