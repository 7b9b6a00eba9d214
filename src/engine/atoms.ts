// Atoms: the address space and each protocol's port space cut at every boundary a rule
// mentions. Two addresses in the same CIDR atom are inside exactly the same CIDRs and
// excepts; two ports in the same port atom match exactly the same numeric port conditions.

import type { PolicyIR, PortExpr } from "../model/ir.js";
import { PROTOCOLS } from "../model/ir.js";
import { cidrLast, parseCidr, parseIP } from "../model/ip.js";

/** Boundaries of every CIDR and except, per family; an address maps to the atom it is in. */
export class CidrAtoms {
  private readonly starts = { 4: new Set<bigint>(), 6: new Set<bigint>() };
  private sorted: { 4: bigint[]; 6: bigint[] } = { 4: [], 6: [] };
  private readonly cache = new Map<string, number>();

  addBlock(text: string): void {
    const c = parseCidr(text);
    if (!c) return;
    this.starts[c.family].add(c.base);
    this.starts[c.family].add(cidrLast(c) + 1n);
  }

  seal(): void {
    const sort = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.sorted = { 4: sort(this.starts[4]), 6: sort(this.starts[6]) };
  }

  /** Every boundary of `other` is one of ours: its blocks cannot split our atoms. */
  covers(other: CidrAtoms): boolean {
    for (const fam of [4, 6] as const) for (const s of other.starts[fam]) if (!this.starts[fam].has(s)) return false;
    return true;
  }

  /** How many atoms the boundaries make (both families). */
  get size(): number {
    return this.sorted[4].length + this.sorted[6].length;
  }

  /** Atom index of an address: -1 without one; atoms of IPv6 are offset past IPv4's. */
  atomOf(ip: string | undefined): number {
    if (!ip) return -1;
    const hit = this.cache.get(ip);
    if (hit !== undefined) return hit;
    const a = parseIP(ip);
    let atom = -2; // not an address
    if (a) {
      const bounds = this.sorted[a.family];
      let lo = 0;
      let hi = bounds.length; // first boundary > value
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (bounds[mid]! <= a.value) lo = mid + 1;
        else hi = mid;
      }
      atom = (a.family === 6 ? this.sorted[4].length + 1 : 0) + lo;
    }
    if (this.cache.size < 1_000_000) this.cache.set(ip, atom);
    return atom;
  }
}

/** Per protocol, the start of every port interval that some numeric port condition bounds. */
export function portAtoms(policies: readonly PolicyIR[]): Map<string, number[]> {
  const starts = new Map<string, Set<number>>(PROTOCOLS.map((p) => [p, new Set([1])]));
  const addExpr = (e: PortExpr) => {
    if (e.name !== undefined || e.from === undefined) return;
    for (const proto of e.protocol === "ANY" ? PROTOCOLS : [e.protocol]) {
      const s = starts.get(proto);
      if (!s) continue;
      s.add(e.from);
      // Both readings of a range (with and without endPort support) are boundaries.
      s.add(e.from + 1);
      if (e.to !== undefined && e.to + 1 <= 65535) s.add(e.to + 1);
    }
  };
  for (const p of policies)
    for (const d of [p.ingress, p.egress])
      for (const r of d?.rules ?? []) {
        r.ports?.forEach(addExpr);
        r.notPorts?.forEach(addExpr);
      }
  return new Map([...starts].map(([k, s]) => [k, [...s].filter((x) => x <= 65535).sort((a, b) => a - b)]));
}

export function countPortAtoms(atoms: Map<string, number[]>): number {
  let n = 0;
  for (const s of atoms.values()) n += s.length;
  return n;
}
