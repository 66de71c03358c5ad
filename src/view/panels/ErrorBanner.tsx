import { dismissError } from '../../store';
import { useErrors } from '../../store/hooks';
import { UserText } from '../text/UserText';

/**
 * Kafka's exception name and a sentence for the learner when the cluster refuses an action; and why
 * a link, lesson or file could not be opened, as the store words it — whole sentences that already
 * say what was loaded instead, so nothing is put before them ("The scenario could not be loaded: …
 * The default scenario is loaded instead." said the same thing twice).
 */
export function ErrorBanner() {
  const { lastError: error, loadError } = useErrors();
  if (!error && !loadError) return null;
  return (
    <div className="error-banner" role="alert" data-spot="error">
      {loadError && (
        <p>
          <UserText text={loadError} />
        </p>
      )}
      {error && (
        <p>
          <strong>{error.name}</strong>: <UserText text={error.message} />{' '}
          <button type="button" onClick={dismissError}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
