import { useEffect } from 'react';
import { Charts } from './charts/Charts';
import { ClusterView } from './cluster/ClusterView';
import { Inspector } from './inspector/Inspector';
import { LessonPanel } from './lesson/LessonPanel';
import { handleShortcut } from './keyboard';
import { ErrorBanner } from './panels/ErrorBanner';
import { EventLog } from './panels/EventLog';
import { HelpDialog } from './panels/HelpDialog';
import { TopBar } from './panels/TopBar';
import { PresentationMode } from './present/PresentationMode';
import { Timeline } from './timeline/Timeline';
import { TopicView } from './topic/TopicView';

/** Keyboard shortcuts for the whole page (see `keyboard.ts` and the "?" dialog). */
function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleShortcut(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The simulator: playback on top; the cluster (brokers, producers, groups, records in flight),
 * the selected topic's partition logs and the charts on the left; the inspector and the event log
 * on the right.
 */
export function App() {
  useKeyboard();
  return (
    <div className="app">
      <a className="skip-link" href="#inspector">
        Skip to the inspector
      </a>
      <TopBar />
      <ErrorBanner />
      <main className="workspace">
        <div className="stage">
          <ClusterView />
          <Timeline />
          <TopicView />
          <Charts />
        </div>
        <div className="side" id="inspector">
          <LessonPanel />
          <Inspector />
          <EventLog />
        </div>
      </main>
      <HelpDialog />
      <PresentationMode />
    </div>
  );
}
