import { visibleText } from '../text/user-text';
import { UserText } from '../text/UserText';

/** The inspector of a producer or consumer that no longer exists (removed while selected). */
export function RemovedClient({ kind, id }: { kind: 'Producer' | 'Consumer'; id: string }) {
  return (
    <section className="client-inspector" aria-label={`${kind} ${visibleText(id)}`}>
      <h2>
        {kind} <UserText text={id} />
      </h2>
      <p>
        There is no {kind.toLowerCase()} <UserText text={id} /> now (it was removed).
      </p>
    </section>
  );
}
