import { useEffect, useState } from 'react';
import { readRecords } from '../../store';

/** At most this many records are read for one window (a zoomed-in window holds far fewer). */
const MAX_READ = 120;

interface Keys {
  /** What the cached keys belong to: a cleaning, a deletion or a new leader starts afresh. */
  epoch: string;
  keys: ReadonlyMap<number, string | null>;
}

const EMPTY: ReadonlyMap<number, string | null> = new Map();

/**
 * The keys of the records in [fromOffset, toOffset), read from the leader only while `enabled`
 * (zoomed in far enough for a key to fit in a cell), and only for offsets not read yet. `epoch`
 * names the log's state: when it changes (compaction, retention, a new leader), keys are re-read.
 */
export function useRecordKeys(
  topic: string,
  partition: number,
  enabled: boolean,
  fromOffset: number,
  toOffset: number,
  epoch: string,
): ReadonlyMap<number, string | null> {
  const [state, setState] = useState<Keys>({ epoch, keys: EMPTY });
  const from = Math.max(0, Math.floor(fromOffset));
  const to = Math.ceil(toOffset);
  const known = state.epoch === epoch ? state.keys : EMPTY;
  let missing = -1;
  if (enabled) for (let o = from; o < to && missing < 0; o++) if (!known.has(o)) missing = o;
  useEffect(() => {
    if (missing < 0) return;
    let stale = false;
    void readRecords(topic, partition, missing, Math.min(MAX_READ, to - missing)).then((records) => {
      if (stale) return;
      setState((s) => {
        const keys = new Map(s.epoch === epoch ? s.keys : EMPTY);
        for (const r of records) if (r.offset < to) keys.set(r.offset, r.key);
        // Offsets read but absent are gaps: remember them too, so they are not asked for again.
        const last = records.length > 0 ? records[records.length - 1]!.offset : to - 1;
        for (let o = missing; o <= Math.min(last, to - 1); o++) if (!keys.has(o)) keys.set(o, null);
        // Keep the cache to the neighbourhood of the window.
        for (const o of keys.keys()) if (o < from - MAX_READ || o >= to + MAX_READ) keys.delete(o);
        return { epoch, keys };
      });
    });
    return () => {
      stale = true;
    };
  }, [topic, partition, missing, from, to, epoch]);
  return known;
}
