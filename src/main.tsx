import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from './scenario/builtin';
import { connect } from './store';
import { App } from './view/App';
import { createSimClient, createWorkerTransport } from './worker/sim-client';
import './styles/app.css';

connect(createSimClient(createWorkerTransport()), DEFAULT_SCENARIO, DEFAULT_SEED);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
