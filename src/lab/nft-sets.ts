// The named sets of one nftables table, deduplicated by content: every selector, CIDR block
// and named port of the IR becomes a set the rules test membership of.

export type SetKind = "addr" | "interval" | "named";

interface NftSet {
  name: string;
  kind: SetKind;
  elements: string[];
}

const TYPE: Record<SetKind, string> = {
  addr: "type ipv4_addr;",
  interval: "type ipv4_addr; flags interval; auto-merge;",
  named: "type ipv4_addr . inet_proto . inet_service;",
};

export class SetBook {
  private byKey = new Map<string, NftSet>();

  /** The name of the set holding exactly these elements (created on first use). */
  set(kind: SetKind, elements: Iterable<string>, hint: string): string {
    const sorted = [...new Set(elements)].sort();
    const key = `${kind}|${sorted.join(",")}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = { name: `${hint}${this.byKey.size}`, kind, elements: sorted };
      this.byKey.set(key, s);
    }
    return s.name;
  }

  render(): string[] {
    return [...this.byKey.values()].map((s) => `  set ${s.name} { ${TYPE[s.kind]}${s.elements.length ? ` elements = { ${s.elements.join(", ")} }` : ""} }`);
  }
}
