/**
 * What the screen shows: which view of the dock is open, which view presentation mode fills the
 * projector with, and which element a lesson step spotlights. A small store of its own (pure UI
 * state): lessons set it through `showView` and `spotlight`, the layout reads it.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LessonView } from '../scenario/lessons/types';

export type { LessonView } from '../scenario/lessons/types';
/** The views that share the dock under the cluster (one at a time). */
export type DockView = Extract<LessonView, 'topic' | 'timeline' | 'events' | 'charts'>;

export const DOCK_VIEWS: readonly { id: DockView; label: string }[] = [
  { id: 'topic', label: 'Topic log' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'events', label: 'Event log' },
  { id: 'charts', label: 'Charts' },
];

/** Every view, in the order the presenter's view switcher lists them. */
export const ALL_VIEWS: readonly { id: LessonView; label: string }[] = [
  { id: 'cluster', label: 'Cluster' },
  ...DOCK_VIEWS,
  { id: 'inspector', label: 'Inspector' },
];

export interface FocusState {
  /** The dock's open view. */
  dock: DockView;
  /** The one view presentation mode shows full screen. */
  presented: LessonView;
  /** The `data-spot` of the element a lesson step talks about, or null. */
  spot: string | null;
  /** Words inside that element: the smallest part of it that shows them is the one highlighted. */
  spotText: string | null;
  /** Bumped on every `spotlight` call, so the same spot is brought into view again when asked again. */
  spotSeq: number;
  /** The lessons-and-scenarios dialog is open, on this lesson (or the first). */
  lessons: { focusId: string | null } | null;
}

export const focusStore = createStore<FocusState>()(() => ({ dock: 'topic', presented: 'cluster', spot: null, spotText: null, spotSeq: 0, lessons: null }));

const isDock = (view: LessonView): view is DockView => DOCK_VIEWS.some((d) => d.id === view);

/** Opens a view: a dock view becomes the dock's tab; every view can be the presented one. */
export function showView(view: LessonView): void {
  focusStore.setState((s) => ({ presented: view, dock: isDock(view) ? view : s.dock }));
}

/**
 * Brings an element (by its `data-spot`) into view and highlights it — or, given `text`, the
 * smallest part of it that shows those words (a row of the inspector); null clears the highlight.
 */
export function spotlight(spot: string | null, text: string | null = null): void {
  focusStore.setState((s) => ({ spot, spotText: spot ? text : null, spotSeq: s.spotSeq + 1 }));
}

/** Opens the dialog that lists the lessons and scenarios, focused on `focusId`'s lesson. */
export const openLessons = (focusId: string | null = null): void => focusStore.setState({ lessons: { focusId } });
export const closeLessons = (): void => focusStore.setState({ lessons: null });
export const useLessonsDialog = (): FocusState['lessons'] => useStore(focusStore, (s) => s.lessons);

export const useDockView = (): DockView => useStore(focusStore, (s) => s.dock);
export const usePresentedView = (): LessonView => useStore(focusStore, (s) => s.presented);
export const useSpot = (): { spot: string | null; text: string | null; seq: number } => {
  const spot = useStore(focusStore, (s) => s.spot);
  const text = useStore(focusStore, (s) => s.spotText);
  const seq = useStore(focusStore, (s) => s.spotSeq);
  return { spot, text, seq };
};
