/**
 * Work is not lost by accident: replacing a run that has recorded actions asks first, and every
 * replacement — and every action in the past that discards a recorded future — can be undone
 * once, right after, by loading the run as it was (its doc: scenario, seed, commands, playhead).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ScenarioDoc } from '../scenario/doc';
import { currentDoc, loadDoc, onBranch, simStore } from './index';

/** A replacement waiting for a yes: what it is ("Start the lesson “Retention”") and the actions it would lose. */
export interface PendingConfirm {
  what: string;
  actions: number;
  run: () => void;
}

/** What can be undone: a replacement of the run (`what` names it) or an action in the past that discarded the recorded future. */
export type UndoOffer = ({ kind: 'replaced'; what: string } | { kind: 'branched'; fromMs: number; discardedCommands: number }) & {
  /** The run as it was before. */
  doc: ScenarioDoc;
};

interface GuardState {
  confirm: PendingConfirm | null;
  undo: UndoOffer | null;
}

export const guardStore = createStore<GuardState>()(() => ({ confirm: null, undo: null }));

/** How many recorded actions (a person's or a lesson's) a replacement of the run would lose. */
export function recordedActions(): number {
  return simStore.getState().history?.commands.length ?? 0;
}

/**
 * Replaces the run on screen with `run()` (a lesson, a scenario, a file): asks first when the run
 * has recorded actions, then offers Undo. `what` names the replacement ("Start the lesson
 * “Replication and the ISR”").
 */
export function replaceRun(what: string, run: () => void): void {
  const doc = currentDoc();
  const actions = recordedActions();
  const go = () => {
    guardStore.setState({ confirm: null, undo: doc ? { kind: 'replaced', what, doc } : null });
    run();
  };
  if (actions === 0) return go();
  guardStore.setState({
    confirm: {
      what,
      actions,
      run: go,
    },
  });
}

/** Offers to undo an action in the past that discarded the recorded future (`before` is the run as it was). */
function offerUndoOfBranch(before: ScenarioDoc, discarded: { fromMs: number; commands: number }): void {
  guardStore.setState({ undo: { kind: 'branched', fromMs: discarded.fromMs, discardedCommands: discarded.commands, doc: before } });
}

export const cancelConfirm = (): void => guardStore.setState({ confirm: null });
export const dismissUndo = (): void => guardStore.setState({ undo: null });

/** Brings back the run as it was before the last replacement or branch, paused at its playhead. */
export function undo(): void {
  const offer = guardStore.getState().undo;
  if (!offer) return;
  guardStore.setState({ undo: null });
  loadDoc(offer.doc, { playing: false });
}

export const usePendingConfirm = (): PendingConfirm | null => useStore(guardStore, (s) => s.confirm);
export const useUndoOffer = (): UndoOffer | null => useStore(guardStore, (s) => s.undo);

onBranch(offerUndoOfBranch);
