// Pair counting without visiting pairs: for each x, the weighted sum over the y its row holds
// whose own (cross) row holds x back. Inbound counts use x = destination, rows = ingress,
// cross = egress; outbound counts swap the sides.
//
// Rows are shared: x are grouped by their (interned) row, y by their cross row, and a row's
// bits are visited once per group, never once per member. Each row is walked on its smaller
// side (its bits, or the bits it leaves out below n). Two plans, the cheaper one is taken:
// - by rows: each x starts from 0 (sparse row) or from its column sum (dense row) and visits
//   the y its row holds or leaves out, checking cross[y] at x; column sums cost one walk per
//   distinct cross row.
// - by cross rows: each x starts from the weight of (its row ∩ the y with dense cross rows),
//   computed once per distinct row, and each distinct cross row is walked once, checking
//   rows[x] at its members y.
// The first plan pays for half-full rows on the x side, the second for those on the y side
// (ingress rows "every namespace but dev" against mostly sparse or full egress rows).

import type { Bitset } from "./bitset.js";
import { count, popcount32 } from "./bitset.js";

export interface CrossSums {
  /** Σ weight(y) (pods). */
  size: Float64Array;
  /** Σ hash(y) mod 2^32. */
  hash: Float64Array;
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
  /** Force a plan (tests); by default the cheaper one. */
  plan?: "rows" | "cross";
}

const popcounts = new WeakMap<Bitset, number>();
function popcountOf(b: Bitset): number {
  let c = popcounts.get(b);
  if (c === undefined) popcounts.set(b, (c = count(b)));
  return c;
}

/** Members (x or y indexes) grouped by the row they share, in first-seen order. */
interface Group {
  row: Bitset;
  members: number[];
  dense: boolean;
  /** Bits visited per walk of the row: min(|row|, n − |row|). */
  walk: number;
}

function groupBy(rows: readonly (Bitset | undefined)[], n: number, keep?: Uint8Array): Group[] {
  const byRow = new Map<Bitset, Group>();
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!row || (keep && !keep[i])) continue;
    let g = byRow.get(row);
    if (!g) {
      const c = popcountOf(row);
      byRow.set(row, (g = { row, members: [], dense: c * 2 > n, walk: Math.min(c, n - c) }));
    }
    g.members.push(i);
  }
  return [...byRow.values()];
}

/**
 * Calls visit(i) for each bit of the row on its smaller side (the bits left out when dense),
 * below n. One function per plan keeps the inner loops monomorphic.
 */
function walkRow(g: Group, n: number, visit: (i: number) => void): void {
  const b = g.row;
  const W = (n + 31) >>> 5;
  const rest = n & 31;
  for (let w = 0; w < W; w++) {
    let x = g.dense ? ~b[w]! : b[w]!;
    if (g.dense && rest && w === W - 1) x &= (1 << rest) - 1;
    while (x) {
      const low = x & -x;
      visit((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
}

export function crossSums(input: CrossInput): CrossSums {
  const { n, rows, cross, eligible } = input;
  const W = (n + 31) >>> 5;
  const xGroups = groupBy(rows, n);
  const yGroups = groupBy(cross, n, eligible);
  let byRows = 0;
  let byCross = 0;
  for (const g of xGroups) {
    byRows += W + g.walk * g.members.length;
    byCross += 2 * W + g.walk;
  }
  for (const g of yGroups) {
    byRows += W + g.walk;
    byCross += W + g.walk * g.members.length;
  }
  const acc = { size: new Float64Array(n), hash: new Float64Array(n), count: new Float64Array(n) };
  if ((input.plan ?? (byRows <= byCross ? "rows" : "cross")) === "rows") countByRows(input, xGroups, yGroups, acc);
  else countByCross(input, xGroups, yGroups, acc);
  for (let x = 0; x < n; x++) acc.hash[x] = ((acc.hash[x]! % 4294967296) + 4294967296) % 4294967296;
  return acc;
}

interface Acc {
  size: Float64Array;
  hash: Float64Array;
  count: Float64Array;
}

/** Plan 1: per x, its column sum (dense row) or nothing (sparse), corrected by its row's walk. */
function countByRows({ n, cross, size: wSize, hash: wHash, eligible }: CrossInput, xGroups: Group[], yGroups: Group[], acc: Acc): void {
  // Column sums: per x, Σ over eligible y whose cross row holds x.
  const col: Acc = { size: new Float64Array(n), hash: new Float64Array(n), count: new Float64Array(n) };
  let baseSize = 0;
  let baseHash = 0;
  let baseCount = 0;
  for (const g of yGroups) {
    let gs = 0;
    let gh = 0;
    for (const y of g.members) {
      gs += wSize[y]!;
      gh += wHash[y]!;
    }
    const gc = g.members.length;
    const sign = g.dense ? -1 : 1;
    if (g.dense) {
      baseSize += gs;
      baseHash += gh;
      baseCount += gc;
    }
    const [ds, dh, dc] = [sign * gs, sign * gh, sign * gc];
    walkRow(g, n, (x) => {
      col.size[x] += ds;
      col.hash[x] += dh;
      col.count[x] += dc;
    });
  }
  for (const g of xGroups) {
    const xs = g.members;
    const sign = g.dense ? -1 : 1;
    if (g.dense)
      for (const x of xs) {
        acc.size[x] = col.size[x]! + baseSize;
        acc.hash[x] = col.hash[x]! + baseHash;
        acc.count[x] = col.count[x]! + baseCount;
      }
    walkRow(g, n, (y) => {
      if (eligible && !eligible[y]) return;
      const c = cross[y]!;
      const s = sign * wSize[y]!;
      const h = sign * wHash[y]!;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!;
        if (c[x >>> 5]! & (1 << (x & 31))) {
          acc.size[x] += s;
          acc.hash[x] += h;
          acc.count[x] += sign;
        }
      }
    });
  }
}

/** Plan 2: per x, the weight of (its row ∩ y with dense cross rows), corrected by the cross rows' walks. */
function countByCross({ n, rows, size: wSize, hash: wHash }: CrossInput, xGroups: Group[], yGroups: Group[], acc: Acc): void {
  const W = (n + 31) >>> 5;
  // D: the y whose cross row is dense (they count for every x, minus the x their row leaves out).
  const D = new Uint32Array(W);
  let dSize = 0;
  let dHash = 0;
  let dCount = 0;
  for (const g of yGroups)
    if (g.dense)
      for (const y of g.members) {
        D[y >>> 5]! |= 1 << (y & 31);
        dSize += wSize[y]!;
        dHash += wHash[y]!;
        dCount++;
      }
  for (const g of xGroups) {
    const R = g.row;
    // Weight of R ∩ D, visiting the smaller of R ∩ D and D \ R.
    let inBoth = 0;
    for (let w = 0; w < W; w++) {
      const v = R[w]! & D[w]!;
      if (v) inBoth += popcount32(v);
    }
    const fromAll = inBoth * 2 > dCount;
    let s = fromAll ? dSize : 0;
    let h = fromAll ? dHash : 0;
    let c = fromAll ? dCount : 0;
    const sign = fromAll ? -1 : 1;
    for (let w = 0; w < W; w++) {
      let v = fromAll ? D[w]! & ~R[w]! : R[w]! & D[w]!;
      while (v) {
        const low = v & -v;
        const y = (w << 5) + 31 - Math.clz32(low);
        v ^= low;
        s += sign * wSize[y]!;
        h += sign * wHash[y]!;
        c += sign;
      }
    }
    for (const x of g.members) {
      acc.size[x] = s;
      acc.hash[x] = h;
      acc.count[x] = c;
    }
  }
  // Each cross row once: a dense one takes its members away from the x it leaves out, a
  // sparse one adds them to the x it holds; only where the x's own row holds the member.
  for (const g of yGroups) {
    const ys = g.members;
    const sign = g.dense ? -1 : 1;
    walkRow(g, n, (x) => {
      const R = rows[x];
      if (!R) return;
      for (let i = 0; i < ys.length; i++) {
        const y = ys[i]!;
        if (R[y >>> 5]! & (1 << (y & 31))) {
          acc.size[x] += sign * wSize[y]!;
          acc.hash[x] += sign * wHash[y]!;
          acc.count[x] += sign;
        }
      }
    });
  }
}
