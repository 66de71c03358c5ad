/**
 * The confirmation before a run with recorded actions is replaced, and the Undo offered after a
 * replacement or after acting in the past discarded the recorded future (store: `guard.ts`).
 */
import { useEffect, useRef } from 'react';
import { cancelConfirm, dismissUndo, undo, usePendingConfirm, useUndoOffer } from '../../store/guard';
import type { UndoOffer } from '../../store/guard';
import { formatSimTime, plural } from '../format';
import { IsolatedSentence } from '../text/UserText';
import { Modal } from './Modal';

export function ConfirmDialog() {
  const pending = usePendingConfirm();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    if (!pending) return;
    opener.current = document.activeElement;
    cancelRef.current?.focus(); // the safe choice has the focus
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, [pending]);
  if (!pending) return null;
  return (
    <Modal role="alertdialog" labelledBy="confirm-title" describedBy="confirm-message" className="confirm-dialog" onClose={cancelConfirm}>
      <h2 id="confirm-title">Replace this run?</h2>
      <p id="confirm-message">
        This run has {plural(pending.actions, 'recorded action')}. <IsolatedSentence text={pending.what} /> replaces it; Share or Save first to keep it. You can
        also undo right after.
      </p>
      <div className="dialog-actions">
        <button type="button" ref={cancelRef} onClick={cancelConfirm}>
          Keep this run
        </button>
        <button type="button" className="primary" onClick={pending.run}>
          <IsolatedSentence text={pending.what} />
        </button>
      </div>
    </Modal>
  );
}

/** What happened, in a sentence. */
function describe(offer: UndoOffer): string {
  if (offer.kind === 'replaced') return `${offer.what}: done. Undo brings back the run before it.`;
  const later = offer.discardedCommands > 0 ? ` (with ${plural(offer.discardedCommands, 'later action')})` : '';
  return `New branch: you acted in the past, at ${formatSimTime(offer.fromMs)}, so the recorded future was discarded${later}. Undo brings it back.`;
}

export function UndoBar() {
  const offer = useUndoOffer();
  if (!offer) return null;
  return (
    <div className="undo-bar" role="status">
      <p>
        <IsolatedSentence text={describe(offer)} />
      </p>
      <button type="button" className="primary" onClick={undo}>
        Undo
      </button>
      <button type="button" onClick={dismissUndo}>
        Dismiss
      </button>
    </div>
  );
}
