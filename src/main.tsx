import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from './scenario/builtin';
import { connect, setReducedMotion } from './store';
import { startLesson } from './store/lesson';
import { App } from './view/App';
import { loadFromHash } from './view/scenario/ScenarioMenu';
import { createSimClient, createWorkerTransport } from './worker/sim-client';
import './styles/app.css';

// prefers-reduced-motion: no flying records, instant updates (the "?" dialog can change it too).
const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
setReducedMotion(motion.matches);
motion.addEventListener('change', (e) => setReducedMotion(e.matches));

// The default scenario plays unless the URL asks for something else: `#share=…` (a shared moment),
// `#lesson=retention`, `#scenario=busy`. A bad link says what was wrong and keeps the default.
const onLesson = (id: string): string | null => (startLesson(id) ? null : `There is no lesson called "${id}"; the default scenario is loaded instead.`);
connect(createSimClient(createWorkerTransport()), DEFAULT_SCENARIO, DEFAULT_SEED, { renderIntervalMs: 100 });
loadFromHash(location.hash, { onLesson });
window.addEventListener('hashchange', () => loadFromHash(location.hash, { onLesson }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
