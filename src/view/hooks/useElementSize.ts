import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

/** The content box (inside padding and border) of an element. */
function contentSize(el: HTMLElement): { width: number; height: number } {
  const style = getComputedStyle(el);
  const px = (v: string) => Number.parseFloat(v) || 0;
  return {
    width: Math.round(el.clientWidth - px(style.paddingLeft) - px(style.paddingRight)),
    height: Math.round(el.clientHeight - px(style.paddingTop) - px(style.paddingBottom)),
  };
}

/**
 * The content-box size of an element, kept current with a ResizeObserver (Wattenberger's
 * useChartDimensions). Where there is no ResizeObserver (jsdom), the fallback size is used.
 */
export function useElementSize<T extends HTMLElement>(fallback: { width: number; height: number }): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const next = contentSize(el);
      if (next.width > 0) setSize((s) => (next.width === s.width && next.height === s.height ? s : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}
