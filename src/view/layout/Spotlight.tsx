/**
 * Brings what a lesson step talks about into view: the element whose `data-spot` the step names —
 * or the smallest part of it that shows the step's words — is scrolled into its scrolling box and
 * outlined. Elements can appear a moment later (a record read from the worker, a tape after the
 * first tick), so it keeps looking while the spot is set.
 */
import { useEffect } from 'react';
import { useSpot } from '../../store/focus';

const LIT = 'spotlit';
/** How often to look for the spot's element (ms). */
const LOOK_EVERY_MS = 250;

/** The element with this `data-spot` (lesson data, compared as a string: no selector is built from it). */
export function spotElement(spot: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>('[data-spot]')].find((e) => e.dataset.spot === spot) ?? null;
}

/** The deepest element inside `root` whose text contains `text` (root itself if only it does). */
export function smallestShowing(root: HTMLElement, text: string): HTMLElement | null {
  if (!(root.textContent ?? '').includes(text)) return null;
  let at: HTMLElement = root;
  for (;;) {
    const child = [...at.children].find((c): c is HTMLElement => c instanceof HTMLElement && (c.textContent ?? '').includes(text));
    if (!child) return at;
    at = child;
  }
}

export function Spotlight() {
  const { spot, text, seq } = useSpot();
  useEffect(() => {
    if (!spot) return;
    let shown: Element | null = null;
    const look = () => {
      const root = spotElement(spot);
      const el = root && text ? (smallestShowing(root, text) ?? root) : root;
      if (el === shown) return;
      shown?.classList.remove(LIT);
      shown = el;
      if (!el) return;
      el.classList.add(LIT);
      const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView?.({ block: 'nearest', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
    };
    look();
    const timer = setInterval(look, LOOK_EVERY_MS);
    return () => {
      clearInterval(timer);
      shown?.classList.remove(LIT);
    };
  }, [spot, text, seq]);
  return null;
}
