/**
 * A seeded pseudo-random stream that gives bit-identical numbers on every machine: only 32-bit
 * integer operations, no Math.random, no transcendental functions.
 */

/** Uniform numbers in [0, 1) with 2^-32 resolution. */
export type Random = () => number;

const TWO_POW_32 = 4294967296;

/** The murmur3 finalizer: spreads every input bit over the whole 32-bit output. */
export function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units; stable across engines because strings are UTF-16 everywhere. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, so streams of
 * different symbols do not run into each other the way 32-bit-state generators (mulberry32,
 * splitmix32) can after a few hundred million draws. Its state is filled by splitmix32 from a
 * key built from the integer seed and the stream name.
 */
export function seededRandom(seed: number, streamName: string): Random {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed: expected a safe integer, was ${seed}`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  let key = mix32(mix32(high) ^ low) ^ hashString(streamName);
  const splitmix32 = (): number => {
    key = (key + 0x9e3779b9) >>> 0;
    return mix32(key);
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const next: Random = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  };
  // The first outputs of sfc32 still echo the seeding; the reference implementation discards them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

const SQRT_3 = 1.7320508075688772;

/**
 * An approximately standard normal draw: the Irwin-Hall sum of four uniforms, rescaled to unit
 * variance. Box-Muller would need Math.log and Math.cos, whose last bits may differ between engines.
 * Tails stop at ±3.46, which suits a price simulator.
 */
export function normal(random: Random): number {
  return (random() + random() + random() + random() - 2) * SQRT_3;
}
