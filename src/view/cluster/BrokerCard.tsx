import { memo, useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import { partitionName } from '../../engine';
import { select, sendCommand } from '../../store';
import type { BrokerCardModel, TileCode, TileModel } from '../../store/cluster-cards';
import type { BrokerBox, Rect } from './layout';

/** The letter a tile shows for its role (a symbol where a letter would mislead). */
const LETTER: Record<TileCode, string> = { L: 'L', F: 'F', O: '!', D: '–', X: '✕' };

/**
 * The accessible name of a tile: its role in words (colour never carries it alone). It begins with
 * what the tile shows, partition name and role letter, so a speech user can say what they see
 * (WCAG 2.5.3 label in name); the symbols (!, –, ✕) are not words and are left out.
 * @example tileLabel(['orders', 0, 'F'], 1) // "orders-0 F, follower on broker 1"
 */
function tileLabel([topic, partition, code]: TileModel, brokerId: number): string {
  const name = partitionName(topic, partition);
  switch (code) {
    case 'L':
      return `${name} ${LETTER.L}, leader on broker ${brokerId}`;
    case 'F':
      return `${name} ${LETTER.F}, follower on broker ${brokerId}`;
    case 'O':
      return `${name} follower on broker ${brokerId}, out of sync`;
    case 'D':
      return `${name} replica on broker ${brokerId}, broker down`;
    case 'X':
      return `${name} offline`;
  }
}

/** Arrow keys move between a card's tiles, so the card is one Tab stop rather than dozens. */
function onTilesKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
  const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
  if (step === 0) return;
  const tiles = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button'));
  const at = tiles.indexOf(document.activeElement as HTMLButtonElement);
  const next = tiles[Math.max(0, Math.min(tiles.length - 1, at + step))];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

interface TileProps {
  tile: TileModel;
  brokerId: number;
  rect: Rect;
  labelled: boolean;
  internal: boolean;
  selected: boolean;
  tabbable: boolean;
}

function Tile({ tile, brokerId, rect, labelled, internal, selected, tabbable }: TileProps) {
  const [topic, partition, code] = tile;
  const label = tileLabel(tile, brokerId);
  const showLetter = !internal && (labelled || rect.width >= 12);
  return (
    <button
      type="button"
      className={`cs-tile cs-tile-${code}${internal ? ' cs-tile-internal' : ''}${labelled ? ' cs-tile-labelled' : ''}${selected ? ' cs-selected' : ''}`}
      style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
      aria-label={label}
      title={label}
      aria-pressed={selected}
      tabIndex={tabbable ? 0 : -1}
      onClick={() => select({ kind: 'partition', topic, partition })}
    >
      {labelled && !internal && <span className="cs-tile-name">{partitionName(topic, partition)}</span>}
      {/* Reads "orders-0 L", not "orders-0L"; a flex container does not draw it. */}
      {labelled && showLetter && ' '}
      {showLetter && (
        <span className="cs-tile-role" aria-hidden="true">
          {LETTER[code]}
        </span>
      )}
    </button>
  );
}

export interface BrokerCardProps {
  /** A signature from `useBrokerCards`. */
  sig: string;
  box: BrokerBox;
  /** This broker is the selection. */
  selected: boolean;
  /** The selected partition as "topic-partition" (its tiles are highlighted on every broker). */
  selectedPartition: string | null;
}

/**
 * A broker as a card: name (selects the broker), controller/voter badges, state in words
 * (crashed, isolated, fenced, extra latency), one Kill/Restart action, and its replicas as tiles.
 */
export const BrokerCard = memo(function BrokerCard({ sig, box, selected, selectedPartition }: BrokerCardProps) {
  const b = useMemo(() => JSON.parse(sig) as BrokerCardModel, [sig]);
  const crashed = b.state === 'crashed';
  const stateClass = crashed ? ' cs-card-crashed' : b.isolated ? ' cs-card-isolated' : b.fenced ? ' cs-card-fenced' : '';
  const selectedIndex = b.tiles.findIndex(([t, p]) => partitionName(t, p) === selectedPartition);
  const renderTiles = (tiles: TileModel[], rects: Rect[], internal: boolean, firstTabbable: boolean) =>
    tiles.map((tile, i) => {
      const rect = rects[i];
      if (!rect) return null;
      const name = partitionName(tile[0], tile[1]);
      const tabbable = firstTabbable && (selectedIndex >= 0 ? i === selectedIndex : i === 0);
      return (
        <Tile
          key={name}
          tile={tile}
          brokerId={b.id}
          rect={rect}
          labelled={box.labelled}
          internal={internal}
          selected={name === selectedPartition}
          tabbable={tabbable}
        />
      );
    });
  return (
    <article
      className={`cs-card cs-broker${stateClass}${selected ? ' cs-selected' : ''}`}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
      aria-label={`Broker ${b.id}`}
    >
      <div className="cs-card-head" style={{ height: box.headHeight - 4 }}>
        {/* h2: the cluster region has no heading of its own, so the cards come right after the page's h1. */}
        <h2 className="cs-card-title">
          <button type="button" className="cs-name" aria-pressed={selected} onClick={() => select({ kind: 'broker', id: b.id })}>
            Broker {b.id}
          </button>
        </h2>
        {b.isController && <span className="cs-badge cs-badge-controller">controller</span>}
        {b.isVoter && !b.isController && <span className="cs-badge">voter</span>}
        {crashed ? (
          <button type="button" className="cs-action" onClick={() => void sendCommand({ type: 'restartBroker', brokerId: b.id })}>
            Restart broker {b.id}
          </button>
        ) : (
          <button type="button" className="cs-action" onClick={() => void sendCommand({ type: 'crashBroker', brokerId: b.id })}>
            Kill broker {b.id}
          </button>
        )}
        {crashed && <span className="cs-state cs-state-crashed">crashed</span>}
        {!crashed && b.isolated && <span className="cs-state cs-state-isolated">isolated</span>}
        {!crashed && b.fenced && <span className="cs-state cs-state-fenced">fenced</span>}
        {b.extraLatencyMs > 0 && <span className="cs-state cs-state-slow">+{b.extraLatencyMs} ms latency</span>}
      </div>
      <div className="cs-tiles" onKeyDown={onTilesKeyDown}>
        {renderTiles(b.tiles, box.tiles, false, true)}
        {renderTiles(b.internalTiles, box.internalTiles, true, b.tiles.length === 0)}
      </div>
    </article>
  );
});
