import { useEffect, useMemo, useRef, useState } from 'react';
import { scaleSqrt } from 'd3-scale';
import { IN_FLIGHT_LIMIT, parseNodeId } from '../../engine';
import type { InFlightMessage, LinkTraffic } from '../../engine';
import { onTick, select, simStore } from '../../store';
import { useColorBy, useReducedMotion, useShowInternal } from '../../store/hooks';
import type { Selection, SimState, Tick } from '../../store';
import { isInternalTopic } from '../../store/selectors';
import { colorForKey, colorForPartition } from './colors';
import { bandDeltas, flightEndMs, flightProgress, holdInFlight, messageCurve } from './flight';
import { pointOnCurve } from './layout';
import type { Curve, FlowAnchors, LinkShape, Point } from './layout';

/**
 * Slow motion while the clock runs: a message is drawn over at least this much wall time (a 2 ms
 * hop would otherwise last a frame). Paused after a Step or a jump, the model is drawn exactly.
 */
const DOT_WALL_MS = 250;
/** Bands are re-rendered by React at most this often. */
const BAND_UPDATE_MS = 250;
/** Above this many record-carrying messages per wall second the animation switches to bands; below the second, back to dots. */
const DOTS_TO_BANDS_PER_SEC = 150;
const BANDS_TO_DOTS_PER_SEC = 100;
/** The interpolated clock may run at most one frame ahead of the last tick. */
const FRAME_MS = 1000 / 60;
const DOT_RADIUS = 4;
/** A request or response without records (a fetch, an ack, a heartbeat) is a small hollow mark. */
const CONTROL_RADIUS = 2.5;
const CONTROL_COLOR = '#4d5562';
const HIT_RADIUS_PX = 9;
const BAND_MAX_PX = 14;
/** Time constant of the band rates' smoothing, in simulated ms. */
const RATE_SMOOTHING_SIM_MS = 2000;

interface FlowState {
  /** What is drawn: the latest snapshot's messages in flight, plus earlier ones still inside their slow-motion flight. */
  held: Map<string, InFlightMessage>;
  curves: Map<string, Curve | null>;
  /** The slow motion's minimum flight in simulated ms; 0 paused after a Step or a jump (the model, exactly). */
  minFlightMs: number;
  lastSimMs: number;
  /** Link counters at the last band update, and its simulated time. */
  bandLinks: readonly LinkTraffic[];
  bandSimMs: number;
  lastBandWallMs: number;
  /** Smoothed records per simulated second, per band. */
  rates: Map<string, number>;
  mode: 'dots' | 'bands';
  windowStartWallMs: number;
  windowMessages: number;
  anchors: FlowAnchors;
  colorBy: SimState['colorBy'];
  reducedMotion: boolean;
  showInternal: boolean;
  /** Where the last frame drew each message, for clicks. */
  drawn: { x: Float64Array; y: Float64Array; messages: InFlightMessage[]; count: number };
}

/** Handles one tick: takes the snapshot's messages in flight, decides dots vs bands, updates band rates. NOTE mutates st. */
function handleTick(
  st: FlowState,
  tick: Tick,
  wallMs: number,
  setMode: (m: 'dots' | 'bands') => void,
  setRates: (r: ReadonlyMap<string, number>) => void,
): void {
  const snap = tick.snapshot;
  const jumped = tick.rewound || snap.timeMs < st.lastSimMs;
  if (jumped) {
    st.held.clear();
    st.curves.clear();
    st.rates.clear();
    st.bandLinks = snap.links;
    st.bandSimMs = snap.timeMs;
  }
  if (tick.playing) st.minFlightMs = DOT_WALL_MS * tick.speed;
  else if (jumped || snap.timeMs !== st.lastSimMs) st.minFlightMs = 0;
  st.lastSimMs = snap.timeMs;

  for (const m of snap.inFlight) if (m.records > 0 && !st.held.has(m.id)) st.windowMessages++;
  if (st.mode === 'dots' && !st.reducedMotion) {
    if (st.minFlightMs === 0) {
      st.held.clear();
      st.curves.clear();
    }
    const shown = st.showInternal ? snap.inFlight : snap.inFlight.filter((m) => m.topic === null || !isInternalTopic(m.topic));
    holdInFlight(st.held, shown, snap.timeMs, st.minFlightMs);
    for (const id of st.curves.keys()) if (!st.held.has(id)) st.curves.delete(id);
  }

  // Dots or bands, with hysteresis so the view does not flicker between the two.
  const windowMs = wallMs - st.windowStartWallMs;
  const perSec = (st.windowMessages * 1000) / Math.max(windowMs, 250);
  if (st.mode === 'dots' && perSec > DOTS_TO_BANDS_PER_SEC) {
    st.mode = 'bands';
    st.held.clear();
    setMode('bands');
  } else if (windowMs >= 1000) {
    if (st.mode === 'bands' && perSec < BANDS_TO_DOTS_PER_SEC) {
      st.mode = 'dots';
      setMode('dots');
    }
    st.windowStartWallMs = wallMs;
    st.windowMessages = 0;
  }

  // Band widths: records per simulated second per link from the engine's counters, smoothed,
  // re-rendered at most 4 times a second.
  const simElapsedMs = snap.timeMs - st.bandSimMs;
  if (wallMs - st.lastBandWallMs >= BAND_UPDATE_MS && simElapsedMs > 0) {
    // Exponential smoothing over ~2 simulated seconds: a 2 rec/s producer sends a batch every
    // 500 ms, so a single 250 ms window would read 0 or 4 rec/s.
    const keep = Math.exp(-simElapsedMs / RATE_SMOOTHING_SIM_MS);
    const deltas = bandDeltas(st.bandLinks, snap.links);
    for (const [k, r] of st.rates) {
      if (deltas.has(k)) continue;
      if (r * keep < 0.05) st.rates.delete(k);
      else st.rates.set(k, r * keep);
    }
    for (const [k, n] of deltas) st.rates.set(k, (st.rates.get(k) ?? 0) * keep + ((n * 1000) / simElapsedMs) * (1 - keep));
    st.bandLinks = snap.links;
    st.bandSimMs = snap.timeMs;
    st.lastBandWallMs = wallMs;
    setRates(new Map(st.rates));
  }
}

const at: Point = { x: 0, y: 0 };

/** Draws every held message at simulated time `simNowMs`; messages past their flight leave. NOTE mutates st. */
function drawMessages(ctx: CanvasRenderingContext2D, st: FlowState, simNowMs: number, width: number, height: number, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const { minFlightMs } = st;
  const drawn = st.drawn;
  drawn.count = 0;
  for (const [id, m] of st.held) {
    const t = flightProgress(m, simNowMs, minFlightMs);
    if (t === null) {
      if (simNowMs >= flightEndMs(m, minFlightMs)) {
        st.held.delete(id);
        st.curves.delete(id);
      }
      continue;
    }
    let curve = st.curves.get(id);
    if (curve === undefined) st.curves.set(id, (curve = messageCurve(st.anchors, m)));
    if (!curve) continue;
    pointOnCurve(curve, t, at);
    ctx.beginPath();
    if (m.records > 0) {
      ctx.arc(at.x, at.y, DOT_RADIUS, 0, Math.PI * 2);
      ctx.fillStyle = st.colorBy === 'key' ? colorForKey(m.key) : colorForPartition(m.partition ?? 0);
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    } else if (m.flow === 'group') {
      // Group traffic (join, sync, heartbeat, commit) as a small square: not a record.
      ctx.rect(at.x - CONTROL_RADIUS, at.y - CONTROL_RADIUS, CONTROL_RADIUS * 2, CONTROL_RADIUS * 2);
      ctx.fillStyle = '#fff';
      ctx.strokeStyle = CONTROL_COLOR;
    } else {
      ctx.arc(at.x, at.y, CONTROL_RADIUS, 0, Math.PI * 2);
      ctx.fillStyle = '#fff';
      ctx.strokeStyle = CONTROL_COLOR;
    }
    ctx.fill();
    ctx.stroke();
    if (drawn.count < drawn.x.length) {
      drawn.x[drawn.count] = at.x;
      drawn.y[drawn.count] = at.y;
      drawn.messages[drawn.count] = m;
      drawn.count++;
    }
  }
}

/** What clicking a message selects: the partition whose records (or fetch) it carries, else its group, else where it came from. */
export function selectionFor(m: InFlightMessage): Selection {
  if (m.topic !== null && m.partition !== null) return { kind: 'partition', topic: m.topic, partition: m.partition };
  if (m.groupId !== null) return { kind: 'group', groupId: m.groupId };
  const from = parseNodeId(m.from);
  if (from.kind === 'broker') return { kind: 'broker', id: Number(from.id) };
  return from.kind === 'producer' ? { kind: 'producer', id: from.id } : { kind: 'consumer', id: from.id };
}

/** The message drawn nearest to (x, y) within a few pixels, or null. */
function messageAt(st: FlowState, x: number, y: number): InFlightMessage | null {
  const { drawn } = st;
  let best: InFlightMessage | null = null;
  let bestD = HIT_RADIUS_PX * HIT_RADIUS_PX;
  for (let i = 0; i < drawn.count; i++) {
    const dx = drawn.x[i]! - x;
    const dy = drawn.y[i]! - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = drawn.messages[i]!;
    }
  }
  return best;
}

function createFlowState(): FlowState {
  return {
    held: new Map(),
    curves: new Map(),
    minFlightMs: DOT_WALL_MS,
    lastSimMs: 0,
    bandLinks: [],
    bandSimMs: 0,
    lastBandWallMs: -Infinity,
    rates: new Map(),
    mode: 'dots',
    windowStartWallMs: 0,
    windowMessages: 0,
    anchors: { producers: new Map(), consumers: new Map(), brokers: new Map(), tiles: new Map(), nodes: new Map() },
    colorBy: 'partition',
    reducedMotion: false,
    showInternal: false,
    drawn: { x: new Float64Array(IN_FLIGHT_LIMIT * 4), y: new Float64Array(IN_FLIGHT_LIMIT * 4), messages: [], count: 0 },
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
 * isolated broker); a canvas above them draws the snapshot's messages in flight — records as dots
 * from producer to leader tile, leader to follower tiles and leader to consumer, requests, acks and
 * group traffic as small hollow marks — each at `(t − sent) / (arrive − sent)` of its link. At high
 * rates, or with reduced motion, links become flow bands whose width follows the engine's link
 * counters (records/s) instead.
 */
export function FlowLayer({ width, height, links, anchors }: FlowLayerProps) {
  const reducedMotion = useReducedMotion();
  const colorBy = useColorBy();
  const showInternal = useShowInternal();
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
    flow.curves.clear();
    if (reducedMotion) flow.held.clear();
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
    let frame = 0;
    const flow = (flowRef.current ??= createFlowState());
    const loop = (nowMs: number) => {
      frame = requestAnimationFrame(loop);
      if (!canvas || (flow.held.size === 0 && !drawn)) return;
      // Asked once: jsdom has no 2D context (null), and asking again would only repeat the warning.
      if (ctx === undefined) ctx = canvas.getContext('2d');
      if (!ctx) return;
      const s = simStore.getState();
      const base = s.liveTimeMs;
      // Sim time between ticks: interpolated while playing, frozen while paused.
      const ahead = s.playing && !s.fastForward ? Math.min(Math.max(0, nowMs - s.tickWallMs), FRAME_MS) * s.speed : 0;
      ctx.lineWidth = 1;
      drawMessages(ctx, flow, base + ahead, width, height, dpr);
      drawn = flow.drawn.count > 0;
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [width, height, dpr]);

  // Clicking a message selects what it carries. The canvas lets clicks through to the cards, so
  // listen on its container, in the capture phase, and only claim clicks that land on a message.
  useEffect(() => {
    const canvas = canvasRef.current;
    const container = canvas?.parentElement;
    if (!canvas || !container) return;
    const flow = (flowRef.current ??= createFlowState());
    const onClick = (e: MouseEvent) => {
      const box = canvas.getBoundingClientRect();
      const m = messageAt(flow, e.clientX - box.left, e.clientY - box.top);
      if (!m) return;
      e.stopPropagation();
      e.preventDefault();
      select(selectionFor(m));
    };
    container.addEventListener('click', onClick, true);
    return () => container.removeEventListener('click', onClick, true);
  }, []);

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
      <canvas
        ref={canvasRef}
        className="cs-dots"
        aria-hidden="true"
        width={Math.round(width * dpr)}
        height={Math.round(height * dpr)}
        style={{ width, height }}
      />
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
