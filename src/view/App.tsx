import { useEffect } from 'react';
import { stepEvent, togglePlay } from '../store';
import { BrokerList } from './panels/BrokerList';
import { ErrorBanner } from './panels/ErrorBanner';
import { EventLog } from './panels/EventLog';
import { GroupPanel } from './panels/GroupPanel';
import { PartitionTable } from './panels/PartitionTable';
import { ProducerPanel } from './panels/ProducerPanel';
import { TopBar } from './panels/TopBar';
import { TopicPanel } from './panels/TopicPanel';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName));
}

/** Keyboard: Space plays or pauses, → steps one event. */
function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === ' ') {
        e.preventDefault();
        togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        stepEvent();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The live summary of a running simulation. */
export function App() {
  useKeyboard();
  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <main className="layout">
        <div className="column">
          <BrokerList />
          <ProducerPanel />
        </div>
        <div className="column wide">
          <PartitionTable />
          <GroupPanel />
          <TopicPanel />
          <EventLog />
        </div>
      </main>
    </div>
  );
}
