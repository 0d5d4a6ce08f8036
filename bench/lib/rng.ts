/**
 * Seeded randomness for the data generator: integer-only mixing (Math.imul), so the same seed gives
 * the same archive on every machine and Node version.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  digits(n: number): string;
  hex(n: number): string;
  /** A new independent stream derived from this one and a label. */
  fork(label: string): Rng;
}

const HEX = '0123456789abcdef';

/** 32-bit string hash (FNV-1a with Math.imul). */
export function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: a small, well-mixed 32-bit generator. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x6d2b79f5;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const rng: Rng = {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new RangeError('pick from an empty list');
      return list[Math.floor(next() * list.length)] as T;
    },
    digits(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(next() * 10));
      return s;
    },
    hex(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += HEX[Math.floor(next() * 16)];
      return s;
    },
    fork: (label) => createRng(Math.imul(hash32(label), 0x9e3779b1) ^ Math.floor(next() * 4294967296)),
  };
  return rng;
}

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1 + q)^s (Zipf-Mandelbrot):
 * a few items are very frequent and there is a long tail of rare ones.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(
    readonly n: number,
    s = 1,
    q = 0,
  ) {
    if (n < 1) throw new RangeError('Zipf needs at least one item');
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1 + q, s);
      this.cumulative[r] = sum;
    }
    for (let r = 0; r < n; r++) this.cumulative[r]! /= sum;
  }

  /** Probability of rank r. */
  p(r: number): number {
    return this.cumulative[r]! - (r === 0 ? 0 : this.cumulative[r - 1]!);
  }

  sample(rng: Rng): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A Zipf-weighted picker over a list: the first items are the most frequent. */
export function zipfPicker<T>(list: readonly T[], s = 1, q = 0): (rng: Rng) => T {
  const zipf = new Zipf(list.length, s, q);
  return (rng) => list[zipf.sample(rng)]!;
}
