import { useCallback, useId, useLayoutEffect, useRef } from 'react';
import type { ConfigEntry } from '../../engine';
import { CONFIG_DEFS, partitionName } from '../../engine';
import { viewTopic } from '../../store';
import { usePartitionNumbers, usePresentation, useTapeZoom, useTopicChoices, useTopicConfigs, useTopicLogExtent, useViewedTopic } from '../../store/hooks';
import { showWholeLog, tapeZoomStore, zoomTapes } from '../../store/tape-data';
import { formatBytes, formatDuration } from '../format';
import { useElementSize } from '../hooks/useElementSize';
import { PartitionTape } from './PartitionTape';
import { CELL_MAX_PX, showsCells, spanFor, TAPE_PAD_PX, ZOOM_STEP } from './tape-scale';
import './topic.css';

/** How much larger the tapes are drawn on a projector: their 11 px labels become 20 px. */
const PRESENT_ZOOM = 1.8;

/** The settings that decide when segments roll and when data disappears. */
const LOG_SETTINGS = ['retention.ms', 'retention.bytes', 'segment.ms', 'segment.bytes', 'cleanup.policy'];

/** A config value in human units ("7 days", "1 GiB", "forever"). */
function humanValue(name: string, value: ConfigEntry['value']): string {
  const unit = CONFIG_DEFS[name]?.unit;
  if (typeof value === 'number' && unit === 'ms') return value >= Number.MAX_SAFE_INTEGER ? 'never' : formatDuration(value);
  if (typeof value === 'number' && unit === 'bytes') return formatBytes(value);
  return String(value);
}

/**
 * One setting in words, saying whether a scenario scaled Kafka's default down:
 * "segment.ms 1 min (scaled down; Kafka's default 7 days)".
 */
function describeLogSetting(c: Pick<ConfigEntry, 'name' | 'value' | 'source' | 'kafkaDefault'>): string {
  const value = humanValue(c.name, c.value);
  if (c.source === 'default' || c.value === c.kafkaDefault) return `${c.name} ${value}`;
  // -1 means "no limit" for retention: smaller numerically, but not a scaled-down value.
  const scaledDown = typeof c.value === 'number' && typeof c.kafkaDefault === 'number' && c.value >= 0 && c.kafkaDefault >= 0 && c.value < c.kafkaDefault;
  return `${c.name} ${value} (${scaledDown ? 'scaled down' : 'changed'}; Kafka's default ${humanValue(c.name, c.kafkaDefault)})`;
}

/**
 * The topic log: each partition of the chosen topic as a tape of offsets, with its segments,
 * markers and consumer groups. Clicking an offset selects the record for the record detail.
 */
export function TopicView() {
  const topics = useTopicChoices();
  const topic = useViewedTopic();
  const settings = useTopicConfigs(topic)
    .filter((c) => LOG_SETTINGS.includes(c.name))
    .map(describeLogSetting)
    .join(' · ');
  const partitions = usePartitionNumbers(topic);
  const [ref, size] = useElementSize<HTMLDivElement>({ width: 760, height: 400 });
  const selectId = useId();
  // On a projector the tapes are drawn larger with CSS zoom, laid out for the width the zoomed view has.
  const cssZoom = usePresentation().on ? PRESENT_ZOOM : 1;
  const widthPx = Math.max(240, Math.floor(size.width / cssZoom));
  const innerPx = widthPx - 2 * TAPE_PAD_PX;
  const extent = useTopicLogExtent(topic);
  // One zoom for the whole topic, so that its partitions are drawn alike (cells or bars, same scale).
  const { zoom, panReset } = useTapeZoom();
  const span = spanFor(zoom, innerPx, extent);
  const sizes = useRef({ innerPx, extent });
  useLayoutEffect(() => {
    sizes.current = { innerPx, extent };
  });
  // Stable, so that the tapes (React.memo) do not re-render when the log grows.
  const onZoom = useCallback(
    (factor: number) => zoomTapes({ kind: 'span', span: spanFor(tapeZoomStore.getState().zoom, sizes.current.innerPx, sizes.current.extent) * factor }),
    [],
  );
  const whole = spanFor({ kind: 'whole' }, innerPx, extent);
  return (
    <section aria-label="Topic log" className="panel topic-view">
      <h2>Topic log</h2>
      <div className="topic-view-head">
        <label htmlFor={selectId}>Topic</label>
        <select id={selectId} value={topic ?? ''} onChange={(e) => viewTopic(e.target.value)} disabled={topics.length === 0}>
          {topics.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {settings && <p className="topic-settings">{settings}</p>}
      <details className="tape-legend">
        <summary>How to read a tape</summary>
        Each tape is one partition&apos;s log on its leader, one offset axis: zoomed in, each record is a cell (✝ arched = tombstone, a dashed stretch = offsets
        compaction removed); zoomed out, blocks are segments (<q>seg N</q> = base offset, <q>active</q> = being written). <q>log start</q> / <q>HW</q> (high
        watermark) / <q>LEO</q> (log end offset) are marked above, hatched offsets are above the high watermark (not yet visible to consumers), the crossed-out
        stretch before the log start is what retention deleted, and each consumer group&apos;s committed offset is marked below with its lag. Drag or
        Shift+wheel to pan, Ctrl+wheel or + / − to zoom.
      </details>
      <div className="tape-zoom" role="toolbar" aria-label="Zoom the tapes">
        <button type="button" onClick={() => onZoom(1 / ZOOM_STEP)} disabled={span <= innerPx / CELL_MAX_PX + 0.01}>
          Zoom in
        </button>
        <button type="button" onClick={() => onZoom(ZOOM_STEP)} disabled={span >= whole - 0.01}>
          Zoom out
        </button>
        <button type="button" onClick={showWholeLog}>
          Show whole log
        </button>
        {zoom.kind !== 'auto' && (
          <button type="button" onClick={() => zoomTapes({ kind: 'auto' })}>
            Default zoom
          </button>
        )}
        <span className="tape-zoom-state">
          {Math.round(span)} offsets across · {showsCells(span, innerPx) ? 'one cell per record' : 'segments as bars'}
        </span>
      </div>
      <div ref={ref} className="tapes">
        <div className="tapes-zoom" style={cssZoom === 1 ? undefined : { zoom: cssZoom }}>
          {topic === null ? (
            <p>No topics yet.</p>
          ) : (
            partitions.map((p) => (
              <PartitionTape key={partitionName(topic, p)} topic={topic} partition={p} widthPx={widthPx} span={span} panReset={panReset} onZoom={onZoom} />
            ))
          )}
        </div>
      </div>
    </section>
  );
}
