// The IR → one nftables table per node namespace. Only PolicyIR, Rule, PeerExpr, PortExpr and
// the CNI profile are read, never a YAML kind, so every kind that compiles to the IR is
// enforced here without a second evaluator.
//
// The tier walk is done by the kernel (DESIGN.md "Tiers"): for each local pod and direction
// with applicable policies, a verdict map sends new connections to the pod's first tier
// chain. In a tier chain, rules run in policy order then rule order:
//   allow → `return` (back to the base chain, so the other side is still checked)
//   deny  → reject;  pass → `goto` the next tier;  log → counter, go on
// and at its end: reject when the tier ends in deny and an isolating policy of the tier
// selected the pod, else `goto` the next tier; after the last tier the side allows by default.
// Tier chains are chained with goto, so a `return` anywhere resumes the base chain.

import type { Direction, PolicyIR, Rule } from "../model/ir.js";
import { originName } from "../model/ir.js";
import { enforced, policiesFor } from "../engine/evaluate.js";
import type { PolicyModel } from "../engine/model.js";
import { and, renderTerm } from "./nft-dnf.js";
import { SetBook } from "./nft-sets.js";
import { compilePeer } from "./nft-peers.js";
import { compilePorts } from "./nft-ports.js";
import type { LabNode, LabPod, Topology } from "./topology.js";

export const TABLE = "podwall";
const REJECT = "reject with icmpx type admin-prohibited";

/** Policies that apply to the pod for a direction (the engine's policiesFor) and that the profile enforces, in order. */
export function applicablePolicies(model: PolicyModel, lp: LabPod, dir: Direction): PolicyIR[] {
  return policiesFor(model, lp.pod, dir).filter((p) => enforced(model, p));
}

function tiersOf(policies: PolicyIR[]): PolicyIR[][] {
  const tiers: PolicyIR[][] = [];
  for (const p of policies) {
    const last = tiers.at(-1);
    if (last && last[0]!.tier.name === p.tier.name) last.push(p);
    else tiers.push([p]);
  }
  return tiers;
}

const comment = (text: string) => `comment "${text.replace(/["\\]/g, "'").slice(0, 120)}"`;

function verdict(rule: Rule, next: string | undefined): string {
  switch (rule.action) {
    case "allow":
      return "return";
    case "deny":
      return REJECT;
    case "pass":
      return next ? `goto ${next}` : "return";
    case "log":
      return "counter";
  }
}

interface Chain {
  name: string;
  lines: string[];
}

/** The tier chains of one pod side; the first one is what the verdict map jumps to. */
function sideChains(model: PolicyModel, t: Topology, book: SetBook, lp: LabPod, dir: Direction): Chain[] {
  const tiers = tiersOf(applicablePolicies(model, lp, dir));
  const prefix = `${dir === "egress" ? "e" : "i"}${lp.index}_t`;
  const peer = dir === "egress" ? "daddr" : "saddr";
  return tiers.map((policies, k) => {
    const next = k + 1 < tiers.length ? `${prefix}${k + 1}` : undefined;
    const lines: string[] = [];
    for (const p of policies) {
      for (const rule of p[dir]!.rules) {
        const cond = and([
          compilePeer(rule.peer, { model, topology: t, book, subject: lp }),
          compilePorts(rule.ports, rule.notPorts, { features: model.profile.features, topology: t, book, direction: dir, subject: lp }),
        ]);
        const why = comment(`${originName(p.origin)} ${rule.path} ${rule.action}`);
        for (const term of cond) lines.push(`    ${[renderTerm(term, peer), verdict(rule, next), why].filter(Boolean).join(" ")}`);
      }
    }
    const tier = policies[0]!.tier;
    const isolators = policies.filter((p) => p[dir]!.isolates);
    if (tier.endOfTier === "deny" && isolators.length) lines.push(`    ${REJECT} ${comment(`${tier.name} tier: isolated by ${isolators.map((p) => p.origin.name).join(", ")}`)}`);
    else if (next) lines.push(`    goto ${next}`);
    return { name: `${prefix}${k}`, lines };
  });
}

/** The whole nft script for one node: replaces the table atomically (one transaction). */
export function compileNode(model: PolicyModel, t: Topology, node: LabNode): string {
  const book = new SetBook();
  const chains: Chain[] = [];
  const maps: Record<Direction, string[]> = { ingress: [], egress: [] };
  for (const lp of node.pods) {
    for (const dir of ["egress", "ingress"] as const) {
      const side = sideChains(model, t, book, lp, dir);
      if (!side.length) continue; // no policy for this side: nothing to check, default allow
      chains.push(...side);
      maps[dir].push(`${lp.ip} : jump ${side[0]!.name}`);
    }
  }
  const s = model.profile.settings;
  const map = (name: string, elements: string[]) => `  map ${name} { type ipv4_addr : verdict;${elements.length ? ` elements = { ${elements.join(", ")} }` : ""} }`;
  const base = (name: string, hook: string, dispatch: string[]) => [
    `  chain ${name} {`,
    `    type filter hook ${hook} priority filter; policy accept;`,
    "    ct state established,related accept",
    "    ct state invalid drop",
    ...dispatch.map((d) => `    ${d}`),
    "  }",
  ];
  const out = [
    `table inet ${TABLE}`,
    `delete table inet ${TABLE}`,
    `table inet ${TABLE} {`,
    ...book.render(),
    map("egress", maps.egress),
    map("ingress", maps.ingress),
    // Pod ↔ pod and pod ↔ other nodes: both sides of the pods local to this node.
    ...base("forward", "forward", ["ip saddr vmap @egress", "ip daddr vmap @ingress"]),
  ];
  // Pod → its own node arrives on input: policed by the pod's egress unless the profile exempts it.
  if (s.podToOwnNode === "policed") out.push(...base("input", "input", ["ip saddr vmap @egress"]));
  // Own node → pod leaves through output: exempt unless the profile polices it.
  if (s.ownNodeToPod === "policed") out.push(...base("output", "output", ["ip daddr vmap @ingress"]));
  for (const c of chains) out.push(`  chain ${c.name} {`, ...c.lines, "  }");
  out.push("}");
  return `${out.join("\n")}\n`;
}
