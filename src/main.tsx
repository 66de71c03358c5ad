import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO, DEFAULT_SEED } from './scenario/builtin';
import { connect, setReducedMotion, simStore } from './store';
import { App } from './view/App';
import { createSimClient, createWorkerTransport } from './worker/sim-client';
import './styles/app.css';

// `#scenario=busy` opens a built-in scenario by id; anything else opens the default.
const requested = new URLSearchParams(location.hash.slice(1)).get('scenario');
const scenario = (requested && Object.hasOwn(BUILTIN_SCENARIOS, requested) ? BUILTIN_SCENARIOS[requested] : undefined) ?? DEFAULT_SCENARIO;

// prefers-reduced-motion: no flying records, instant updates (the "?" dialog can change it too).
const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
setReducedMotion(motion.matches);
motion.addEventListener('change', (e) => setReducedMotion(e.matches));

connect(createSimClient(createWorkerTransport()), scenario, DEFAULT_SEED, { renderIntervalMs: 100 });
if (requested && scenario === DEFAULT_SCENARIO && requested !== 'default') {
  simStore.setState({ loadError: `There is no built-in scenario called "${requested}"; the default scenario is loaded instead.` });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
