import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from './scenario/builtin';
import { connect, injectFault, setReducedMotion } from './store';
import { openLink } from './store/open-doc';
import { App } from './view/App';
import { createSimClient, createWorkerTransport } from './worker/sim-client';
import './styles/app.css';

// prefers-reduced-motion: no flying records, instant updates (the "?" dialog can change it too).
const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
setReducedMotion(motion.matches);
motion.addEventListener('change', (e) => setReducedMotion(e.matches));

// The default scenario plays unless the URL asks for something else: `#share=…` (a shared moment),
// `#lesson=retention`, `#scenario=busy`. A bad link says what was wrong and keeps the default.
connect(createSimClient(createWorkerTransport()), DEFAULT_SCENARIO, DEFAULT_SEED, { renderIntervalMs: 100 });
openLink(location.hash);
window.addEventListener('hashchange', () => openLink(location.hash));

// A test seam for the browser tests: make the simulation fail as an engine bug would, to see the recovery.
Object.defineProperty(window, 'streamscopeTest', { value: Object.freeze({ injectFault }) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
