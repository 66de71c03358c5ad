/**
 * A modal dialog: a backdrop that closes it when clicked, Escape that closes it (and goes no
 * further), in a portal on <body> — the sticky top bar has its own stacking context, which would
 * trap the backdrop.
 */
import { createPortal } from 'react-dom';
import type { KeyboardEvent, ReactNode } from 'react';

export interface ModalProps {
  /** `alertdialog` for a question that needs an answer. */
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  className: string;
  onClose(): void;
  /** Keys other than Escape (e.g. arrows moving between choices). */
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  children: ReactNode;
}

export function Modal({ role = 'dialog', labelledBy, describedBy, className, onClose, onKeyDown, children }: ModalProps) {
  return createPortal(
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className={`dialog ${className}`}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
            return;
          }
          onKeyDown?.(e);
        }}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
