import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { setColorBy, useSimStore } from '../../store';
import type { SimState } from '../../store';
import { isInternalTopic } from '../../store/selectors';
import { useElementSize } from '../hooks/useElementSize';
import { BrokerCard, partitionName, selectBrokerSigs } from './BrokerCard';
import type { BrokerCardModel } from './BrokerCard';
import { ClientNodes, selectGroupSigs, selectProducerSigs } from './ClientNodes';
import type { GroupModel, ProducerModel } from './ClientNodes';
import { FlowLayer } from './FlowLayer';
import { NO_KEY_COLOR, RECORD_PALETTE } from './colors';
import { flowAnchors, layoutCluster, linkKey, linkShapes } from './layout';
import type { LayoutInput, LinkKind, LinkSpec } from './layout';
import './cluster.css';

const FALLBACK_SIZE = { width: 900, height: 380 };
const selectSelection = (s: SimState) => s.selection;
const selectColorBy = (s: SimState) => s.colorBy;
/** The most partitions any visible topic has: how many partition colours the legend needs. */
const selectMaxPartitions = (s: SimState) => Math.max(1, ...(s.snapshot?.topics ?? []).filter((t) => !isInternalTopic(t.name)).map((t) => t.partitions));

const NO_KEYS: string[] = [];

/**
 * The links the snapshot implies now (`linkKey` strings, sorted): each producer → the leaders of
 * its topic's partitions, each leader ↔ its followers, each partition's leader → the consumer it is
 * assigned to. Pick with `useShallow`: it only changes when a leader, replica set or assignment does.
 */
export function selectLinkKeys(s: SimState): string[] {
  const snap = s.snapshot;
  if (!snap) return NO_KEYS;
  const keys = new Set<string>();
  const leaders = new Map<string, number>();
  for (const p of snap.partitions) {
    if (!s.showInternal && isInternalTopic(p.topic)) continue;
    leaders.set(`${p.topic}-${p.partition}`, p.leader);
    if (p.leader < 0) continue;
    for (const r of p.replicas) if (r !== p.leader) keys.add(linkKey('replicate', Math.min(r, p.leader), Math.max(r, p.leader)));
    for (const pr of snap.producers) if (pr.topic === p.topic) keys.add(linkKey('produce', pr.id, p.leader));
  }
  for (const c of snap.consumers) {
    if (c.state !== 'running') continue;
    for (const tp of c.assignment) {
      const leader = leaders.get(tp);
      if (leader !== undefined && leader >= 0) keys.add(linkKey('consume', leader, c.id));
    }
  }
  return [...keys].sort();
}

/** "Colour records by" Key / Partition, with a legend for dots and tiles. */
function ColourControls() {
  const colorBy = useSimStore(selectColorBy);
  const maxPartitions = useSimStore(selectMaxPartitions);
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
  const brokerSigs = useSimStore(useShallow(selectBrokerSigs));
  const producerSigs = useSimStore(useShallow(selectProducerSigs));
  const groupSigs = useSimStore(useShallow(selectGroupSigs));
  const linkKeys = useSimStore(useShallow(selectLinkKeys));
  const selection = useSimStore(selectSelection);

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
  const layout = useMemo(() => layoutCluster({ width: size.width, ...(JSON.parse(shapeKey) as Omit<LayoutInput, 'width'>) }), [size.width, shapeKey]);

  const tileNames = useMemo(() => new Map(brokers.map((b) => [b.id, b.tiles.concat(b.internalTiles).map(([t, p]) => partitionName(t, p))])), [brokers]);
  const anchors = useMemo(() => flowAnchors(layout, tileNames), [layout, tileNames]);
  const links = useMemo(() => linkShapes(layout, linkSpecs(linkKeys, brokers)), [layout, linkKeys, brokers]);

  const selectedBroker = selection?.kind === 'broker' ? selection.id : null;
  const selectedPartition = selection?.kind === 'partition' || selection?.kind === 'record' ? partitionName(selection.topic, selection.partition) : null;

  return (
    <section ref={ref} aria-label="Cluster" className="cs-cluster">
      <ColourControls />
      <div className="cs-stage" style={{ height: layout.height }}>
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
