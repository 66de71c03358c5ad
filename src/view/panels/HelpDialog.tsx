import { useEffect, useRef } from 'react';
import { setHelpOpen, setReducedMotion, setShowInternal } from '../../store';
import { useHelpOpen, useReducedMotion, useShowInternal } from '../../store/hooks';
import { SHORTCUTS } from '../keyboard';

/** The "?" dialog: every keyboard shortcut, and the display preferences. */
export function HelpDialog() {
  const open = useHelpOpen();
  const reducedMotion = useReducedMotion();
  const showInternal = useShowInternal();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus?.();
  }, [open]);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setHelpOpen(false)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.aria}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' + '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="dialog-note">
          Tab moves between controls; Enter or Space presses the focused one. Partition tiles and log offsets open in the inspector.
        </p>
        <h3>Display</h3>
        <label className="check">
          <input type="checkbox" checked={reducedMotion} onChange={(e) => setReducedMotion(e.target.checked)} /> Reduce motion (no flying records; follows your
          system setting)
        </label>
        <label className="check">
          <input type="checkbox" checked={showInternal} onChange={(e) => setShowInternal(e.target.checked)} /> Show internal topics (__consumer_offsets)
        </label>
        <div className="dialog-actions">
          <button type="button" ref={closeRef} onClick={() => setHelpOpen(false)}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
