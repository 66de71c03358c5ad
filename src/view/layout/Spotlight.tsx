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
/** For how long after a step starts its spot is kept in view while content moves (ms). */
const SETTLE_MS = 4000;

/** Whether `el` is inside the window and every scrolling box around it (top to bottom; a long line need only start in view). */
function inView(el: Element): boolean {
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.left >= window.innerWidth) return false;
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (a.scrollHeight <= a.clientHeight && a.scrollWidth <= a.clientWidth) continue;
    const b = a.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom || r.left < b.left || r.left >= b.right) return false;
  }
  return true;
}

/** The element with this `data-spot` (lesson data, compared as a string: no selector is built from it). */
export function spotElement(spot: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>('[data-spot]')].find((e) => e.dataset.spot === spot) ?? null;
}

/** The deepest element inside `root` whose text contains `text` (root itself if only it does). */
export function smallestShowing(root: HTMLElement, text: string): HTMLElement | null {
  if (!(root.textContent ?? '').includes(text)) return null;
  let at: HTMLElement = root;
  for (;;) {
    // A tooltip (<title>) holds words too, but is not what a person sees.
    const child = [...at.children].find((c): c is HTMLElement => c.tagName.toLowerCase() !== 'title' && (c.textContent ?? '').includes(text)) as
      HTMLElement | undefined;
    if (!child) return at;
    at = child;
  }
}

export function Spotlight() {
  const { spot, text, seq } = useSpot();
  useEffect(() => {
    if (!spot) return;
    let shown: Element | null = null;
    const startedMs = Date.now();
    const look = () => {
      const root = spotElement(spot);
      // With words to find, nothing is outlined until they are there (a record read from the worker).
      const el = root && text ? smallestShowing(root, text) : root;
      if (el === shown) {
        // While the panel settles (rows arrive above it), keep it in view; after that the person may scroll away.
        if (el && Date.now() - startedMs < SETTLE_MS && !inView(el)) el.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
        return;
      }
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
