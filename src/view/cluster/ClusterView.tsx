import { useId, useMemo } from 'react';
import type { CSSProperties } from 'react';
import { partitionName } from '../../engine';
import { setColorBy, setShowInternal } from '../../store';
import type { BrokerCardModel, GroupModel, LinkKind, ProducerModel } from '../../store/cluster-cards';
import {
  useBrokerCards,
  useColorBy,
  useGroupCards,
  useLinkKeys,
  useMaxPartitions,
  usePresentation,
  useProducerCards,
  useSelection,
  useShowInternal,
} from '../../store/hooks';
import { useElementSize } from '../hooks/useElementSize';
import { BrokerCard } from './BrokerCard';
import { ClientNodes } from './ClientNodes';
import { FlowLayer } from './FlowLayer';
import { NO_KEY_COLOR, RECORD_PALETTE } from './colors';
import { flowAnchors, layoutCluster, linkShapes } from './layout';
import type { ClusterLayout, LayoutInput, LinkSpec } from './layout';
import './cluster.css';

const FALLBACK_SIZE = { width: 900, height: 380 };

/**
 * On a projector the cluster is drawn larger with CSS zoom, laid out for the width the zoomed view
 * has so that it still fills the screen; the largest zoom whose layout fits the height without
 * scrolling wins. Its text is then sized (present.css, --present-px) to be 20 px on screen.
 */
const PRESENT_ZOOMS = [1.85, 1.7, 1.55, 1.4, 1.25, 1.1, 1];
/** The least size of text the back of the room must read (px on screen). */
const PRESENT_TEXT_PX = 20;

function presentedLayout(size: { width: number; height: number }, shape: Omit<LayoutInput, 'width'>): { layout: ClusterLayout; zoom: number } {
  let fitted: { layout: ClusterLayout; zoom: number } | null = null;
  for (const zoom of PRESENT_ZOOMS) {
    const layout = layoutCluster({ width: Math.floor(size.width / zoom), height: Math.floor(size.height / zoom), ...shape });
    fitted = { layout, zoom };
    if (layout.height * zoom <= size.height) break;
  }
  return fitted!;
}

/**
 * "Colour records by" Key / Partition, with a legend for dots and tiles, and "Show internal topics"
 * (also in the "?" dialog): Kafka's own __consumer_offsets, hidden until a learner asks for it.
 */
function ColourControls() {
  const colorBy = useColorBy();
  const showInternal = useShowInternal();
  const maxPartitions = useMaxPartitions();
  const shown = Math.min(maxPartitions, 6, RECORD_PALETTE.length);
  const name = useId();
  return (
    <div className="cs-toolbar">
      <fieldset className="cs-toggle">
        <legend>Colour records by</legend>
        <label>
          <input type="radio" name={name} checked={colorBy === 'key'} onChange={() => setColorBy('key')} /> Key
        </label>
        <label>
          <input type="radio" name={name} checked={colorBy === 'partition'} onChange={() => setColorBy('partition')} /> Partition
        </label>
      </fieldset>
      <label className="cs-internal-toggle">
        <input type="checkbox" checked={showInternal} onChange={(e) => setShowInternal(e.target.checked)} /> Show internal topics (__consumer_offsets)
      </label>
      <ul className="cs-legend" aria-label="Legend">
        {colorBy === 'key' ? (
          <>
            <li>
              {RECORD_PALETTE.slice(0, 4).map((c) => (
                <span key={c} className="cs-swatch" style={{ background: c }} />
              ))}{' '}
              one colour per key
            </li>
            <li>
              <span className="cs-swatch" style={{ background: NO_KEY_COLOR }} /> no key
            </li>
          </>
        ) : (
          <>
            {RECORD_PALETTE.slice(0, shown).map((c, i) => (
              <li key={c}>
                <span className="cs-swatch" style={{ background: c }} /> partition {i}
              </li>
            ))}
            {maxPartitions > shown && <li>… colours repeat every {RECORD_PALETTE.length} partitions</li>}
          </>
        )}
        <li>
          <span className="cs-tile cs-tile-L cs-legend-tile">L</span> leader
        </li>
        <li>
          <span className="cs-tile cs-tile-F cs-legend-tile">F</span> follower
        </li>
        <li>
          <span className="cs-tile cs-tile-O cs-legend-tile">!</span> out of sync
        </li>
        <li>
          <span className="cs-tile cs-tile-X cs-legend-tile">✕</span> offline
        </li>
      </ul>
    </div>
  );
}

/** Which links touch a crashed (down) or isolated (cut) broker; an isolated broker is cut from every other broker. */
function linkSpecs(keys: readonly string[], brokers: readonly BrokerCardModel[]): LinkSpec[] {
  const crashed = new Set(brokers.filter((b) => b.state === 'crashed').map((b) => String(b.id)));
  const isolated = new Set(brokers.filter((b) => b.state === 'running' && b.isolated).map((b) => String(b.id)));
  const specs = new Map<string, LinkSpec>();
  for (const key of keys) {
    const [kind, from = '', to = ''] = key.split('\u001f') as [LinkKind, string?, string?];
    const ends = kind === 'produce' ? [to] : kind === 'consume' ? [from] : [from, to];
    const state = ends.some((id) => isolated.has(id)) ? 'cut' : ends.some((id) => crashed.has(id)) ? 'down' : 'ok';
    specs.set(key, { kind, from, to, state });
  }
  for (const id of isolated) {
    for (const b of brokers) {
      if (String(b.id) === id) continue;
      const [lo, hi] = [Math.min(b.id, Number(id)), Math.max(b.id, Number(id))];
      specs.set(`replicate\u001f${lo}\u001f${hi}`, { kind: 'replicate', from: String(lo), to: String(hi), state: 'cut' });
    }
  }
  return [...specs.values()];
}

/**
 * The animated cluster view: producers on the left, broker cards with replica tiles in the middle,
 * consumer groups on the right, and records flowing between them. Fills its container's width.
 */
export function ClusterView() {
  const [ref, size] = useElementSize<HTMLElement>(FALLBACK_SIZE);
  const brokerSigs = useBrokerCards();
  const producerSigs = useProducerCards();
  const groupSigs = useGroupCards();
  const linkKeys = useLinkKeys();
  const selection = useSelection();

  const brokers = useMemo(() => brokerSigs.map((s) => JSON.parse(s) as BrokerCardModel), [brokerSigs]);
  // The layout depends only on ids and tile counts: a string of those keeps it (and every card's
  // box) identical while roles change, so memoised cards do not re-render.
  const shapeKey = useMemo(() => {
    const shape: Omit<LayoutInput, 'width' | 'height'> = {
      producers: producerSigs.map((s) => (JSON.parse(s) as ProducerModel).id),
      brokers: brokers.map((b) => ({ id: b.id, tiles: b.tiles.length, internalTiles: b.internalTiles.length })),
      groups: groupSigs.map((s) => {
        const g = JSON.parse(s) as GroupModel;
        return { groupId: g.groupId, members: g.consumers.map((c) => c.id) };
      }),
    };
    return JSON.stringify(shape);
  }, [producerSigs, brokers, groupSigs]);
  const presenting = usePresentation().on;
  const { layout, zoom } = useMemo(() => {
    const shape = JSON.parse(shapeKey) as Omit<LayoutInput, 'width'>;
    return presenting ? presentedLayout(size, shape) : { layout: layoutCluster({ width: size.width, ...shape }), zoom: 1 };
  }, [size, shapeKey, presenting]);

  const tileNames = useMemo(() => new Map(brokers.map((b) => [b.id, b.tiles.concat(b.internalTiles).map(([t, p]) => partitionName(t, p))])), [brokers]);
  const anchors = useMemo(() => flowAnchors(layout, tileNames), [layout, tileNames]);
  const links = useMemo(() => linkShapes(layout, linkSpecs(linkKeys, brokers)), [layout, linkKeys, brokers]);

  const selectedBroker = selection?.kind === 'broker' ? selection.id : null;
  const selectedPartition = selection?.kind === 'partition' || selection?.kind === 'record' ? partitionName(selection.topic, selection.partition) : null;

  return (
    <section ref={ref} aria-label="Cluster" className="cs-cluster">
      <ColourControls />
      <div
        className="cs-stage"
        data-zoom={zoom}
        style={
          presenting
            ? ({ height: layout.height, zoom, '--present-px': `${Math.ceil((PRESENT_TEXT_PX / zoom) * 10) / 10}px` } as CSSProperties)
            : { height: layout.height }
        }
      >
        <FlowLayer width={layout.width} height={layout.height} links={links} anchors={anchors} />
        {layout.brokers.map((box, i) => {
          const sig = brokerSigs[i];
          return sig ? <BrokerCard key={box.id} sig={sig} box={box} selected={box.id === selectedBroker} selectedPartition={selectedPartition} /> : null;
        })}
        <ClientNodes layout={layout} producerSigs={producerSigs} groupSigs={groupSigs} selection={selection} />
      </div>
    </section>
  );
}
