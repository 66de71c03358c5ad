/**
 * The engine's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counter),
 * seeded through splitmix32. Its state is four 32-bit integers kept inside the simulation, so a
 * checkpoint (structuredClone of the state) resumes the exact same stream — boardgame.io keeps its
 * PRNG state in `ctx` for the same reason.
 */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Creates a PRNG state from any integer seed (the same seed always gives the same stream). */
export function createRng(seed: number): RngState {
  let s = seed >>> 0;
  const splitmix32 = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const rng: RngState = { a: splitmix32(), b: splitmix32(), c: splitmix32(), d: splitmix32() };
  for (let i = 0; i < 12; i++) nextU32(rng);
  return rng;
}

/** Next unsigned 32-bit integer. NOTE mutates rng. */
export function nextU32(rng: RngState): number {
  const t = (((rng.a + rng.b) | 0) + rng.d) | 0;
  rng.d = (rng.d + 1) | 0;
  rng.a = rng.b ^ (rng.b >>> 9);
  rng.b = (rng.c + (rng.c << 3)) | 0;
  rng.c = (rng.c << 21) | (rng.c >>> 11);
  rng.c = (rng.c + t) | 0;
  return t >>> 0;
}

/** Uniform float in [0, 1). NOTE mutates rng. */
export function nextFloat(rng: RngState): number {
  return nextU32(rng) / 4294967296;
}

/** Uniform integer in [0, n). NOTE mutates rng. */
export function nextInt(rng: RngState, n: number): number {
  return Math.floor(nextFloat(rng) * n);
}
