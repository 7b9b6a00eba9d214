// Pair counting without visiting pairs: for each x, the weighted sum over the y its row holds
// whose own (cross) row holds x back. Inbound counts use x = destination, rows = ingress,
// cross = egress; outbound counts swap the sides. A sparse row is walked bit by bit; a dense
// one starts from the column sum over every y and takes away the y it leaves out, so each x
// costs min(|row|, n − |row|) and the column sums cost the same per distinct cross row.

import type { Bitset } from "./bitset.js";
import { count } from "./bitset.js";

export interface CrossSums {
  /** Σ weight(y) (pods). */
  size: Float64Array;
  /** Σ hash(y) mod 2^32 (a Uint32Array store wraps). */
  hash: Uint32Array;
  /** How many y (identities). */
  count: Float64Array;
}

export interface CrossInput {
  n: number;
  /** The row of each x that is wanted (undefined: skip x). */
  rows: (Bitset | undefined)[];
  /** The row of each y. */
  cross: Bitset[];
  /** Per y: its weight (0 leaves it out) and its hash. */
  size: Float64Array;
  hash: Float64Array;
  /** Per y: whether it counts at all. */
  eligible?: Uint8Array;
}

const popcounts = new WeakMap<Bitset, number>();
export function popcountOf(b: Bitset): number {
  let c = popcounts.get(b);
  if (c === undefined) popcounts.set(b, (c = count(b)));
  return c;
}

/** Calls fn(i) for each bit of b, or of its complement below n. */
function eachBit(b: Bitset, n: number, complement: boolean, fn: (i: number) => void): void {
  const W = (n + 31) >>> 5;
  for (let w = 0; w < W; w++) {
    let x = complement ? ~b[w]! : b[w]!;
    if (complement && w === W - 1 && n & 31) x &= (1 << (n & 31)) - 1;
    while (x) {
      const low = x & -x;
      fn((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
}

export function crossSums(input: CrossInput): CrossSums {
  const { n, rows, cross, size: wSize, hash: wHash, eligible } = input;
  const col = columnSums(input);
  const size = new Float64Array(n);
  const hash = new Uint32Array(n);
  const cnt = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const row = rows[x];
    if (!row) continue;
    const xw = x >>> 5;
    const xbit = 1 << (x & 31);
    const dense = popcountOf(row) * 2 > n;
    const sign = dense ? -1 : 1;
    let s = dense ? col.size[x]! : 0;
    let h = dense ? col.hash[x]! : 0;
    let c = dense ? col.count[x]! : 0;
    eachBit(row, n, dense, (y) => {
      if ((eligible && !eligible[y]) || !(cross[y]![xw]! & xbit)) return;
      s += sign * wSize[y]!;
      h = (h + sign * wHash[y]!) >>> 0;
      c += sign;
    });
    size[x] = s;
    hash[x] = h;
    cnt[x] = c;
  }
  return { size, hash, count: cnt };
}

/** Per x, Σ over every eligible y whose cross row holds x; y grouped by their (shared) row. */
function columnSums({ n, cross, size: wSize, hash: wHash, eligible }: CrossInput): CrossSums {
  const groups = new Map<Bitset, { size: number; hash: number; count: number }>();
  for (let y = 0; y < n; y++) {
    if (eligible && !eligible[y]) continue;
    const row = cross[y]!;
    let g = groups.get(row);
    if (!g) groups.set(row, (g = { size: 0, hash: 0, count: 0 }));
    g.size += wSize[y]!;
    g.hash = (g.hash + wHash[y]!) >>> 0;
    g.count++;
  }
  const size = new Float64Array(n);
  const hash = new Uint32Array(n);
  const cnt = new Float64Array(n);
  let baseSize = 0;
  let baseHash = 0;
  let baseCount = 0;
  for (const [row, g] of groups) {
    // A dense row counts for every x, minus those it leaves out.
    const dense = popcountOf(row) * 2 > n;
    const sign = dense ? -1 : 1;
    if (dense) {
      baseSize += g.size;
      baseHash = (baseHash + g.hash) >>> 0;
      baseCount += g.count;
    }
    eachBit(row, n, dense, (x) => {
      size[x] += sign * g.size;
      hash[x] = hash[x]! + sign * g.hash;
      cnt[x] += sign * g.count;
    });
  }
  for (let x = 0; x < n; x++) {
    size[x] += baseSize;
    hash[x] = hash[x]! + baseHash;
    cnt[x] += baseCount;
  }
  return { size, hash, count: cnt };
}
