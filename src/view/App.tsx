import { useEffect } from 'react';
import { usePresentedView } from '../store/focus';
import { usePresentation } from '../store/hooks';
import { ClusterView } from './cluster/ClusterView';
import { Inspector } from './inspector/Inspector';
import { handleShortcut } from './keyboard';
import { Dock } from './layout/Dock';
import { ConfirmDialog, UndoBar } from './layout/Guard';
import { LessonsDialog } from './layout/LessonsDialog';
import { Spotlight } from './layout/Spotlight';
import { Welcome } from './layout/Welcome';
import { LessonPanel } from './lesson/LessonPanel';
import { ErrorBanner } from './panels/ErrorBanner';
import { FaultBanner } from './panels/FaultBanner';
import { HelpDialog } from './panels/HelpDialog';
import { TopBar } from './panels/TopBar';
import { Caption, PresenterBar, PresentationMode } from './present/PresentationMode';
import './layout/layout.css';

/** Keyboard shortcuts for the whole page (see `keyboard.ts` and the "?" dialog). */
function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleShortcut(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The simulator. Normally: the top bar; the cluster with a dock of views under it (topic log,
 * timeline, event log, charts); on the right the lesson (or where to start) and the inspector.
 * The side column comes first in the page's order, so a lesson's Next is a few Tabs away.
 * Presenting: the presenter's strip, the one view the narration is about, and the caption.
 */
export function App() {
  useKeyboard();
  const presenting = usePresentation().on;
  const presented = usePresentedView();
  return (
    <div className="app">
      <a className="skip-link" href="#inspector">
        Skip to the lesson and inspector
      </a>
      {presenting ? <PresenterBar /> : <TopBar />}
      <FaultBanner />
      <ErrorBanner />
      <UndoBar />
      <main className="workspace" data-presented={presenting ? presented : undefined}>
        <div className="side" id="inspector" data-view="inspector">
          <LessonPanel />
          <Welcome />
          <Inspector />
        </div>
        <div className="ws-cluster" data-view="cluster" data-spot="cluster">
          <ClusterView />
        </div>
        <Dock />
      </main>
      {presenting && <Caption />}
      <Spotlight />
      <HelpDialog />
      <LessonsDialog />
      <ConfirmDialog />
      <PresentationMode />
    </div>
  );
}
