/** Small seeded PRNG (mulberry32): same seed, same data, on every machine. */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  digits(n: number): string;
  hex(n: number): string;
}

const HEX = '0123456789ABCDEF';

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
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new RangeError('pick from an empty list');
      return list[Math.floor(next() * list.length)] as T;
    },
    digits: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(next() * 10));
      return s;
    },
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += HEX[Math.floor(next() * 16)];
      return s;
    },
  };
}
