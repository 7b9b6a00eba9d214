// Match conditions as disjunctive normal form: an OR of terms, each an AND of literals that
// nftables can test in one rule. A rule is then one nft rule per term with the same verdict
// (first match in order is the same as any term matching). `not` is pushed to the literals,
// where nftables has `!=`.

export type Literal =
  | { k: "addr"; set: string; neg: boolean } // the peer's address is in a named set
  | { k: "proto"; protos: string[]; neg: boolean } // meta l4proto
  | { k: "dport"; from: number; to: number; neg: boolean } // th dport
  | { k: "named"; set: string; neg: boolean }; // (daddr . l4proto . dport) in a named-port set

export type Term = Literal[];
export type Dnf = Term[];

export const TRUE: Dnf = [[]];
export const FALSE: Dnf = [];

/** Refuse what would be too many nft rules for one IR rule (a pathological `not`). */
export const MAX_TERMS = 4096;

export function or(parts: Dnf[]): Dnf {
  return parts.flat();
}

export function and(parts: Dnf[]): Dnf {
  let acc: Dnf = TRUE;
  for (const p of parts) {
    const next: Dnf = [];
    for (const a of acc) for (const b of p) next.push([...a, ...b]);
    if (next.length > MAX_TERMS) throw new Error(`a rule expands to more than ${MAX_TERMS} nftables rules`);
    acc = next;
  }
  return acc;
}

const negate = (l: Literal): Literal => ({ ...l, neg: !l.neg });

/** not (T1 or T2 …) = (not T1) and (not T2) …; not (a and b) = (not a) or (not b). */
export function not(d: Dnf): Dnf {
  return and(d.map((term) => term.map((l) => [negate(l)])));
}

const ORDER: Record<Literal["k"], number> = { addr: 0, proto: 1, dport: 2, named: 3 };

/** One term as nft match expressions; `peer` is saddr for ingress rules, daddr for egress. */
export function renderTerm(t: Term, peer: "saddr" | "daddr"): string {
  return [...t]
    .sort((a, b) => ORDER[a.k] - ORDER[b.k])
    .map((l) => {
      const op = l.neg ? "!= " : "";
      switch (l.k) {
        case "addr":
          return `ip ${peer} ${op}@${l.set}`;
        case "proto":
          return `meta l4proto ${op}${l.protos.length === 1 ? l.protos[0] : `{ ${l.protos.join(", ")} }`}`;
        case "dport":
          return `th dport ${op}${l.from === l.to ? l.from : `${l.from}-${l.to}`}`;
        case "named":
          return `ip daddr . meta l4proto . th dport ${op}@${l.set}`;
      }
    })
    .join(" ");
}
