import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways in the narrow side column. The scrolling box is a named region in
 * the Tab order, so the keyboard can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 * @example <TableScroll label="Replicas of orders-0"><table>…</table></TableScroll>
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
