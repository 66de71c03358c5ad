import { useEffect, useMemo, useRef, useState } from 'react';
import { scaleSqrt } from 'd3-scale';
import { onTick, simStore, useSimStore } from '../../store';
import type { SimState } from '../../store';
import { isInternalTopic } from '../../store/selectors';
import { colorForKey, colorForPartition } from './colors';
import { linkKey, tileKey } from './layout';
import type { FlowAnchors, LinkShape, Point } from './layout';
import type { FromWorker } from '../../worker/protocol';

type Tick = Extract<FromWorker, { type: 'tick' }>;

/** Wall time a dot takes to travel its link, whatever the speed. */
const DOT_WALL_MS = 250;
const MAX_DOTS = 400;
/** "topic-partition:offset" → key entries remembered so replicated/consumed dots keep the key's colour. */
const KEY_MEMORY = 5000;
/** Bands are re-rendered by React at most this often. */
const BAND_UPDATE_MS = 250;
/** Above this many dots per wall second the animation switches to bands; below the second, back to dots. */
const DOTS_TO_BANDS_PER_SEC = 150;
const BANDS_TO_DOTS_PER_SEC = 100;
/** The interpolated clock may run at most one frame ahead of the last tick. */
const FRAME_MS = 1000 / 60;
const DOT_RADIUS = 4;
const BAND_MAX_PX = 14;
/** Time constant of the band rates' smoothing, in simulated ms. */
const RATE_SMOOTHING_SIM_MS = 2000;

const selectReducedMotion = (s: SimState) => s.reducedMotion;
const selectColorBy = (s: SimState) => s.colorBy;
const selectShowInternal = (s: SimState) => s.showInternal;

/** Live dots as parallel typed arrays: nothing is allocated per frame. */
interface DotPool {
  count: number;
  /** 8 numbers per dot: a cubic Bézier (start, two controls, end). */
  curve: Float64Array;
  startMs: Float64Array;
  travelMs: Float64Array;
  color: string[];
}

interface FlowState {
  pool: DotPool;
  /** Records per link since the last band update. */
  counts: Map<string, number>;
  /** Smoothed records per simulated second, per link. */
  rates: Map<string, number>;
  keys: Map<string, string | null>;
  mode: 'dots' | 'bands';
  windowStartWallMs: number;
  windowDots: number;
  lastBandWallMs: number;
  bandSimMs: number;
  lastSimMs: number;
  anchors: FlowAnchors;
  colorBy: SimState['colorBy'];
  reducedMotion: boolean;
  showInternal: boolean;
}

function spawnDot(pool: DotPool, a: Point, b: Point, arc: boolean, startMs: number, travelMs: number, color: string): void {
  if (pool.count >= MAX_DOTS) return;
  const i = pool.count++;
  const c = pool.curve;
  const o = i * 8;
  c[o] = a.x;
  c[o + 1] = a.y;
  c[o + 6] = b.x;
  c[o + 7] = b.y;
  if (arc) {
    // Hop over the cards between two tiles.
    const lift = 30 + Math.abs(b.x - a.x) * 0.15;
    c[o + 2] = a.x;
    c[o + 3] = a.y - lift;
    c[o + 4] = b.x;
    c[o + 5] = b.y - lift;
  } else {
    const mx = (a.x + b.x) / 2;
    c[o + 2] = mx;
    c[o + 3] = a.y;
    c[o + 4] = mx;
    c[o + 5] = b.y;
  }
  pool.startMs[i] = startMs;
  pool.travelMs[i] = travelMs;
  pool.color[i] = color;
}

function removeDot(pool: DotPool, i: number): void {
  const last = --pool.count;
  if (i === last) return;
  pool.curve.copyWithin(i * 8, last * 8, last * 8 + 8);
  pool.startMs[i] = pool.startMs[last]!;
  pool.travelMs[i] = pool.travelMs[last]!;
  pool.color[i] = pool.color[last]!;
}

const add = (m: Map<string, number>, key: string, n: number): void => void m.set(key, (m.get(key) ?? 0) + n);

/** Handles one tick: counts records per link, spawns dots, decides dots vs bands. NOTE mutates st. */
function handleTick(st: FlowState, tick: Tick, wallMs: number, setMode: (m: 'dots' | 'bands') => void, setRates: (r: ReadonlyMap<string, number>) => void): void {
  const snap = tick.snapshot;
  if (snap.timeMs < st.lastSimMs) {
    // A reset or a new scenario: time went backwards.
    st.pool.count = 0;
    st.counts.clear();
    st.rates.clear();
    st.keys.clear();
    st.bandSimMs = snap.timeMs;
  }
  st.lastSimMs = snap.timeMs;
  // Events the runner dropped from a crowded frame still moved records: scale the counts up.
  const scale = tick.events.length > 0 ? (tick.events.length + tick.droppedEvents) / tick.events.length : 1;
  const travelMs = Math.max(DOT_WALL_MS * tick.speed, snap.networkLatencyMs, 1);
  const dots = st.mode === 'dots' && !st.reducedMotion;
  const { anchors, pool } = st;
  let leaders: Map<string, number> | null = null;
  for (const e of tick.events) {
    if (e.type !== 'recordsAppended' && e.type !== 'recordsReplicated' && e.type !== 'recordsConsumed') continue;
    if (!st.showInternal && isInternalTopic(e.topic)) continue;
    const tp = `${e.topic}-${e.partition}`;
    if (e.type === 'recordsAppended') {
      add(st.counts, linkKey('produce', e.producerId, e.brokerId), e.records * scale);
      st.windowDots++;
      if (!dots) continue;
      st.keys.set(`${tp}:${e.baseOffset}`, e.key);
      if (st.keys.size > KEY_MEMORY) st.keys.delete(st.keys.keys().next().value!);
      const from = anchors.producers.get(e.producerId);
      const to = anchors.tiles.get(tileKey(e.brokerId, tp));
      if (from && to) spawnDot(pool, from, to, false, e.timeMs, travelMs, st.colorBy === 'key' ? colorForKey(e.key) : colorForPartition(e.partition));
    } else {
      const leader = e.type === 'recordsReplicated' ? e.leaderId : (leaders ??= new Map(snap.partitions.map((p) => [`${p.topic}-${p.partition}`, p.leader]))).get(tp);
      if (leader === undefined || leader < 0) continue;
      const key = e.type === 'recordsReplicated' ? linkKey('replicate', Math.min(leader, e.brokerId), Math.max(leader, e.brokerId)) : linkKey('consume', leader, e.consumerId);
      add(st.counts, key, (e.type === 'recordsReplicated' ? e.endOffset - e.baseOffset : e.records) * scale);
      st.windowDots++;
      if (!dots) continue;
      const from = anchors.tiles.get(tileKey(leader, tp));
      const to = e.type === 'recordsReplicated' ? anchors.tiles.get(tileKey(e.brokerId, tp)) : anchors.consumers.get(e.consumerId);
      const recordKey = st.keys.get(`${tp}:${e.baseOffset}`);
      const color = st.colorBy === 'key' && recordKey !== undefined ? colorForKey(recordKey) : colorForPartition(e.partition);
      if (from && to) spawnDot(pool, from, to, e.type === 'recordsReplicated', e.timeMs, travelMs, color);
    }
  }

  // Dots or bands, with hysteresis so the view does not flicker between the two.
  const windowMs = wallMs - st.windowStartWallMs;
  const perSec = (st.windowDots * 1000) / Math.max(windowMs, 250);
  if (st.mode === 'dots' && perSec > DOTS_TO_BANDS_PER_SEC) {
    st.mode = 'bands';
    pool.count = 0;
    setMode('bands');
  } else if (windowMs >= 1000) {
    if (st.mode === 'bands' && perSec < BANDS_TO_DOTS_PER_SEC) {
      st.mode = 'dots';
      setMode('dots');
    }
    st.windowStartWallMs = wallMs;
    st.windowDots = 0;
  }

  // Band widths: records per simulated second per link, smoothed, re-rendered at most 4 times a second.
  const simElapsedMs = snap.timeMs - st.bandSimMs;
  if (wallMs - st.lastBandWallMs >= BAND_UPDATE_MS && simElapsedMs > 0) {
    // Exponential smoothing over ~2 simulated seconds: a 2 rec/s producer sends a batch every
    // 500 ms, so a single 250 ms window would read 0 or 4 rec/s.
    const keep = Math.exp(-simElapsedMs / RATE_SMOOTHING_SIM_MS);
    for (const [k, r] of st.rates) {
      if (st.counts.has(k)) continue;
      if (r * keep < 0.05) st.rates.delete(k);
      else st.rates.set(k, r * keep);
    }
    for (const [k, n] of st.counts) {
      const rate = (n * 1000) / simElapsedMs;
      const previous = st.rates.get(k);
      st.rates.set(k, (previous ?? 0) * keep + rate * (1 - keep));
    }
    st.counts.clear();
    st.bandSimMs = snap.timeMs;
    st.lastBandWallMs = wallMs;
    setRates(new Map(st.rates));
  }
}

/** Draws every live dot at the interpolated simulated time; finished dots leave the pool. */
function drawDots(ctx: CanvasRenderingContext2D, pool: DotPool, simNowMs: number, width: number, height: number, dpr: number, at: Point): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const c = pool.curve;
  for (let i = pool.count - 1; i >= 0; i--) {
    const t = (simNowMs - pool.startMs[i]!) / pool.travelMs[i]!;
    if (t >= 1) {
      removeDot(pool, i);
      continue;
    }
    if (t < 0) continue;
    const o = i * 8;
    const u = 1 - t;
    const k0 = u * u * u;
    const k1 = 3 * u * u * t;
    const k2 = 3 * u * t * t;
    const k3 = t * t * t;
    at.x = k0 * c[o]! + k1 * c[o + 2]! + k2 * c[o + 4]! + k3 * c[o + 6]!;
    at.y = k0 * c[o + 1]! + k1 * c[o + 3]! + k2 * c[o + 5]! + k3 * c[o + 7]!;
    ctx.beginPath();
    ctx.arc(at.x, at.y, DOT_RADIUS, 0, Math.PI * 2);
    ctx.fillStyle = pool.color[i]!;
    ctx.fill();
    ctx.stroke();
  }
}

function createFlowState(): FlowState {
  return {
    pool: { count: 0, curve: new Float64Array(MAX_DOTS * 8), startMs: new Float64Array(MAX_DOTS), travelMs: new Float64Array(MAX_DOTS), color: new Array<string>(MAX_DOTS).fill('') },
    counts: new Map(),
    rates: new Map(),
    keys: new Map(),
    mode: 'dots',
    windowStartWallMs: 0,
    windowDots: 0,
    lastBandWallMs: -Infinity,
    bandSimMs: 0,
    lastSimMs: 0,
    anchors: { producers: new Map(), consumers: new Map(), brokers: new Map(), tiles: new Map() },
    colorBy: 'partition',
    reducedMotion: false,
    showInternal: false,
  };
}

const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const smallRateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const NO_RATES: ReadonlyMap<string, number> = new Map();

export interface FlowLayerProps {
  width: number;
  height: number;
  links: readonly LinkShape[];
  anchors: FlowAnchors;
}

/**
 * Links and record traffic. An SVG under the cards draws the links (dashed and marked "cut" for an
 * isolated broker); a canvas above them draws dots flying from producer to leader tile, leader to
 * follower tiles and leader to consumer, positioned from simulated time. At high rates, or with
 * reduced motion, links become flow bands whose width follows records/s instead.
 */
export function FlowLayer({ width, height, links, anchors }: FlowLayerProps) {
  const reducedMotion = useSimStore(selectReducedMotion);
  const colorBy = useSimStore(selectColorBy);
  const showInternal = useSimStore(selectShowInternal);
  const [mode, setMode] = useState<'dots' | 'bands'>('dots');
  const [rates, setRates] = useState<ReadonlyMap<string, number>>(NO_RATES);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const flowRef = useRef<FlowState | null>(null);

  useEffect(() => {
    const flow = (flowRef.current ??= createFlowState());
    flow.anchors = anchors;
    flow.colorBy = colorBy;
    flow.reducedMotion = reducedMotion;
    flow.showInternal = showInternal;
    if (reducedMotion) flow.pool.count = 0;
  }, [anchors, colorBy, reducedMotion, showInternal]);

  useEffect(() => {
    const flow = (flowRef.current ??= createFlowState());
    return onTick((tick, wallMs) => handleTick(flow, tick, wallMs, setMode, setRates));
  }, []);

  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  useEffect(() => {
    if (typeof requestAnimationFrame !== 'function') return;
    const canvas = canvasRef.current;
    let ctx: CanvasRenderingContext2D | null | undefined;
    let drawn = false;
    const at: Point = { x: 0, y: 0 };
    let frame = 0;
    const flow = (flowRef.current ??= createFlowState());
    const loop = (nowMs: number) => {
      frame = requestAnimationFrame(loop);
      if (!canvas || (flow.pool.count === 0 && !drawn)) return;
      // Asked once: jsdom has no 2D context (null), and asking again would only repeat the warning.
      if (ctx === undefined) ctx = canvas.getContext('2d');
      if (!ctx) return;
      const s = simStore.getState();
      const base = s.liveTimeMs;
      // Sim time between ticks: interpolated while playing, frozen while paused.
      const ahead = s.playing && !s.fastForward ? Math.min(Math.max(0, nowMs - s.tickWallMs), FRAME_MS) * s.speed : 0;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 1;
      drawDots(ctx, flow.pool, base + ahead, width, height, dpr, at);
      drawn = flow.pool.count > 0;
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [width, height, dpr]);

  const showBands = mode === 'bands' || reducedMotion;
  const bandWidth = useMemo(() => {
    let max = 1;
    for (const l of links) max = Math.max(max, rates.get(l.key) ?? 0);
    return scaleSqrt().domain([0, max]).range([0, BAND_MAX_PX]);
  }, [links, rates]);
  const producerRates = useMemo(() => {
    const totals = new Map<string, number>();
    for (const l of links) if (l.kind === 'produce') totals.set(l.from, (totals.get(l.from) ?? 0) + (rates.get(l.key) ?? 0));
    return totals;
  }, [links, rates]);

  return (
    <>
      <svg className="cs-links" width={width} height={height} aria-hidden="true">
        {links.map((l) => (
          <path key={l.key} d={l.path} className={`cs-link cs-link-${l.kind} cs-link-${l.state}`} />
        ))}
        {showBands &&
          links.map((l) => {
            const rate = rates.get(l.key) ?? 0;
            if (rate <= 0 || l.state !== 'ok') return null;
            return <path key={`band-${l.key}`} d={l.path} className={`cs-band cs-band-${l.kind}`} strokeWidth={Math.max(1.5, bandWidth(rate))} />;
          })}
      </svg>
      <canvas ref={canvasRef} className="cs-dots" aria-hidden="true" width={Math.round(width * dpr)} height={Math.round(height * dpr)} style={{ width, height }} />
      <svg className="cs-labels" width={width} height={height} aria-hidden="true">
        {/* The marker goes on broker-to-broker links only: a client link's middle lies far from the cut broker. */}
        {links.map((l) =>
          l.state === 'cut' && l.kind === 'replicate' ? (
            <text key={`cut-${l.key}`} x={l.mid.x} y={l.mid.y} className="cs-cut-label" textAnchor="middle" dominantBaseline="middle">
              ✂ cut
            </text>
          ) : null,
        )}
        {showBands &&
          [...producerRates].map(([id, rate]) => {
            const at = anchors.producers.get(id);
            return at && rate > 0 ? (
              <text key={`rate-${id}`} x={at.x + 4} y={at.y - 6} className="cs-rate-label">
                {(rate < 10 ? smallRateFormat : rateFormat).format(rate)} rec/s
              </text>
            ) : null;
          })}
      </svg>
    </>
  );
}
