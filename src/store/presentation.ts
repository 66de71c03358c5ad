/**
 * Presentation mode (classroom projector): a tiny store of its own, apart from the simulation's
 * projection. Entering asks for full screen where the browser allows it; a refusal (no user
 * gesture, an iframe without permission) still leaves the presentation layout on.
 */
import { createStore } from 'zustand/vanilla';

export interface PresentationState {
  /** The presentation layout is showing. */
  on: boolean;
  /** The QR code of the share link is showing. */
  qrOpen: boolean;
}

export const presentationStore = createStore<PresentationState>()(() => ({ on: false, qrOpen: false }));

/** Turns presentation mode on and asks for full screen (failures are ignored: the layout still changes). */
export function enterPresentation(): void {
  presentationStore.setState({ on: true, qrOpen: false });
  const root = typeof document !== 'undefined' ? document.documentElement : null;
  if (root && typeof root.requestFullscreen === 'function' && !document.fullscreenElement) {
    try {
      root.requestFullscreen().catch(() => undefined);
    } catch {
      // Some browsers throw synchronously outside a user gesture.
    }
  }
}

/** Turns presentation mode off and leaves full screen if it is on. */
export function exitPresentation(): void {
  presentationStore.setState({ on: false, qrOpen: false });
  if (typeof document !== 'undefined' && document.fullscreenElement && typeof document.exitFullscreen === 'function') {
    document.exitFullscreen().catch(() => undefined);
  }
}

/** Shows or hides the QR code of the share link. */
export function toggleQr(): void {
  presentationStore.setState((s) => ({ qrOpen: !s.qrOpen }));
}
