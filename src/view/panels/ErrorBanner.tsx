import { dismissError } from '../../store';
import { useErrors } from '../../store/hooks';

/** Kafka's exception name and a sentence for the learner when the cluster refuses an action. */
export function ErrorBanner() {
  const { lastError: error, loadError } = useErrors();
  if (!error && !loadError) return null;
  return (
    <div className="error-banner" role="alert" data-spot="error">
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
