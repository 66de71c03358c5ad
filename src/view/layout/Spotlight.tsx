/**
 * Brings what a lesson step talks about into view: the element whose `data-spot` the step names
 * is scrolled into its scrolling box and outlined. Elements can appear a moment later (a record
 * read from the worker, a tape after the first tick), so it keeps looking while the spot is set.
 */
import { useEffect } from 'react';
import { useSpot } from '../../store/focus';

const LIT = 'spotlit';
/** How often to look for the spot's element (ms). */
const LOOK_EVERY_MS = 250;

export function Spotlight() {
  const { spot, seq } = useSpot();
  useEffect(() => {
    if (!spot) return;
    let shown: Element | null = null;
    const look = () => {
      const el = [...document.querySelectorAll<HTMLElement>('[data-spot]')].find((e) => e.dataset.spot === spot) ?? null;
      if (el === shown) return;
      shown?.classList.remove(LIT);
      shown = el;
      if (!el) return;
      el.classList.add(LIT);
      const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
    };
    look();
    const timer = setInterval(look, LOOK_EVERY_MS);
    return () => {
      clearInterval(timer);
      shown?.classList.remove(LIT);
    };
  }, [spot, seq]);
  return null;
}
