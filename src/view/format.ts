/**
 * Times, durations and sizes the way people say them ("T+00:01:23.400", "7 days", "1 GiB").
 */

/** `T+hh:mm:ss.mmm` for a simulated time. */
export function formatSimTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const milli = Math.floor(ms % 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `T+${pad(h)}:${pad(m)}:${pad(s)}.${pad(milli, 3)}`;
}

/**
 * The wall-clock instant a simulated time stands for, in UTC so it reads the same everywhere:
 * "2026-01-01 09:00:12 UTC" (with `withMs`, "2026-01-01 09:00:12.345 UTC").
 */
export function formatWallDate(epochMs: number, withMs = false): string {
  return `${new Date(epochMs)
    .toISOString()
    .replace('T', ' ')
    .slice(0, withMs ? 23 : 19)} UTC`;
}

/** Durations the way a person says them: "7 days", "30 s", "500 ms". */
export function formatDuration(ms: number): string {
  if (ms < 0) return 'forever';
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return name === 's' || name === 'min' ? `${n} ${name}` : `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** Bytes as "1 GiB", "16 KiB", "512 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 0) return 'unlimited';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** "1 recorded action", "3 recorded actions". */
export const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
