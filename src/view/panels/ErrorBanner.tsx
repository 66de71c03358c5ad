import { dismissError, useSimStore } from '../../store';
import type { SimState } from '../../store';

const selectError = (s: SimState) => s.lastError;
const selectLoadError = (s: SimState) => s.loadError;

/** Kafka's exception name and a sentence for the learner when the cluster refuses an action. */
export function ErrorBanner() {
  const error = useSimStore(selectError);
  const loadError = useSimStore(selectLoadError);
  if (!error && !loadError) return null;
  return (
    <div className="error-banner" role="alert">
      {loadError && <p>The scenario could not be loaded: {loadError}</p>}
      {error && (
        <p>
          <strong>{error.name}</strong>: {error.message}{' '}
          <button type="button" onClick={dismissError}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
