/**
 * The first screen's "where to start", beside the running cluster (never over it): a lesson, the
 * inspector, or a fault to watch. Leaves once dismissed (remembered in this browser), and makes
 * room whenever a lesson runs or something is selected.
 */
import { useState } from 'react';
import { select, sendCommand, simStore } from '../../store';
import { openLessons, showView, spotlight } from '../../store/focus';
import { useLessonProgress, useSelection } from '../../store/hooks';
import { LESSONS } from '../../store/lesson';

const DISMISSED_KEY = 'streamscope.welcome.dismissed';

function wasDismissed(): boolean {
  try {
    return globalThis.localStorage?.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false; // storage blocked: show it
  }
}

/** A running broker to crash: the one that leads the most partitions (the fault shows most), else none. */
function brokerToBreak(): number | null {
  const snapshot = simStore.getState().snapshot;
  if (!snapshot) return null;
  const running = snapshot.brokers.filter((b) => b.state === 'running');
  let best: number | null = null;
  let most = -1;
  for (const b of running) {
    const leads = snapshot.partitions.filter((p) => p.leader === b.id).length;
    if (leads > most) [best, most] = [b.id, leads];
  }
  return best;
}

export function Welcome() {
  const [dismissed, setDismissed] = useState(wasDismissed);
  const { lessonId } = useLessonProgress();
  const selection = useSelection();
  if (dismissed || lessonId !== null || selection !== null) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      globalThis.localStorage?.setItem(DISMISSED_KEY, '1');
    } catch {
      // storage blocked: it comes back on the next visit
    }
  };
  const breakOne = () => {
    const id = brokerToBreak();
    if (id === null) return;
    void sendCommand({ type: 'crashBroker', brokerId: id });
    select({ kind: 'broker', id });
    showView('events');
    spotlight(null);
  };
  const first = LESSONS[0]!;
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Where to start</h2>
      <ol className="welcome-ways">
        <li>
          <h3>Learn step by step</h3>
          <p>Short lessons narrate what Kafka does and ask you to predict what happens next.</p>
          <div className="welcome-actions">
            <button type="button" className="primary" onClick={() => openLessons(first.id)}>
              Choose a lesson
            </button>
          </div>
        </li>
        <li>
          <h3>Explore</h3>
          <p>Click a broker, a partition tile, a producer or a group: the inspector explains it. The topic log below shows every record by offset.</p>
        </li>
        <li>
          <h3>Break something</h3>
          <p>Crash a broker and watch the controller elect new leaders. Restart it from the inspector.</p>
          <div className="welcome-actions">
            <button type="button" onClick={breakOne}>
              Crash a leader’s broker
            </button>
          </div>
        </li>
      </ol>
      <button type="button" className="welcome-dismiss" onClick={dismiss}>
        Don’t show this again
      </button>
    </section>
  );
}
