// Fixed-size bitsets over identities (Uint32Array words). The scale engine keeps every allow
// set as one of these so that unions, intersections and counts are word-wide work.

export type Bitset = Uint32Array;

export const wordsFor = (n: number): number => (n + 31) >>> 5;

export function emptySet(n: number): Bitset {
  return new Uint32Array(wordsFor(n));
}

/** Every bit below n set; the bits past n stay clear so that counts and equality are exact. */
export function fullSet(n: number): Bitset {
  const b = new Uint32Array(wordsFor(n)).fill(0xffffffff);
  const rest = n & 31;
  if (rest) b[b.length - 1] = (1 << rest) - 1;
  return b;
}

export const has = (b: Bitset, i: number): boolean => (b[i >>> 5]! & (1 << (i & 31))) !== 0;

export function add(b: Bitset, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31);
}

export function and(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function or(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** a minus b */
export function andNot(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & ~b[i]!;
  return out;
}

export function orInto(target: Bitset, b: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i]! |= b[i]!;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function count(b: Bitset): number {
  let c = 0;
  for (let i = 0; i < b.length; i++) if (b[i]) c += popcount32(b[i]!);
  return c;
}

export function equals(a: Bitset, b: Bitset): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short stable text for hashing rows into a cache (FNV-1a over the words). */
export function hashSet(b: Bitset): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}
