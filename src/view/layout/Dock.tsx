/**
 * The dock under the cluster: one view at a time behind tabs (the topic log, the timeline, the
 * event log, the charts), so each gets the room it needs and later panels join as more tabs.
 * Tabs follow the WAI-ARIA tabs pattern: arrow keys, Home and End move between them.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { DOCK_VIEWS, showView, useDockView } from '../../store/focus';
import type { DockView } from '../../store/focus';
import { Charts } from '../charts/Charts';
import { EventLog } from '../panels/EventLog';
import { Timeline } from '../timeline/Timeline';
import { TopicView } from '../topic/TopicView';

const PANELS: Record<DockView, () => React.ReactNode> = {
  topic: () => <TopicView />,
  timeline: () => <Timeline />,
  events: () => <EventLog />,
  charts: () => <Charts />,
};

export function Dock() {
  const open = useDockView();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = DOCK_VIEWS.findIndex((v) => v.id === open);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % DOCK_VIEWS.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + DOCK_VIEWS.length) % DOCK_VIEWS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? DOCK_VIEWS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault(); // the page's own → / ← (step in time) must not run too
    showView(DOCK_VIEWS[to]!.id);
    tabs.current[to]?.focus();
  };
  return (
    <div className="dock" data-view={open}>
      <div className="dock-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {DOCK_VIEWS.map((v, i) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`dock-tab-${v.id}`}
            aria-selected={v.id === open}
            aria-controls={`dock-panel-${v.id}`}
            tabIndex={v.id === open ? 0 : -1}
            onClick={() => showView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div className="dock-panel" role="tabpanel" id={`dock-panel-${open}`} aria-labelledby={`dock-tab-${open}`} data-spot={open}>
        {PANELS[open]()}
      </div>
    </div>
  );
}
