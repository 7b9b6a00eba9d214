// The identity/bitset engine: for each identity and direction, the ordered policies that
// apply; for each (direction, identity, port) an allow row over peer identities, computed by
// walking the tiers exactly as evaluate.ts does, but for every peer at once. Rows are shared
// between identities with the same policies and the same port matches.

import type { Pod } from "../model/cluster.js";
import type { Direction, PolicyIR, Rule } from "../model/ir.js";
import type { PortKey } from "./matrix.js";
import type { PolicyModel } from "./model.js";
import { portsMatch } from "./match.js";
import { enforced } from "./evaluate.js";
import type { PortContext } from "./match.js";
import { buildIdentities, vocabulary } from "./identity.js";
import type { Identities, Vocabulary } from "./identity.js";
import { IdentitySets, keyOf } from "./identity-sets.js";
import type { Bitset } from "./bitset.js";
import { add, emptySet, equals, has, hashSet, orInto } from "./bitset.js";
import { countPortAtoms, portAtoms } from "./atoms.js";

export const portKeyText = (k: PortKey): string => `${k.protocol}/${k.port}`;

interface PortRows {
  ingress: (Bitset | undefined)[];
  egress: (Bitset | undefined)[];
  ingressByClass: Map<number, Bitset>;
  egressByClass: Map<number, Bitset>;
}

/** The words a set has bits in, or null when most have (then a plain loop is as cheap). */
const nonEmpty = new WeakMap<Bitset, Int32Array | null>();
export function nonEmptyWords(b: Bitset): Int32Array | null {
  let list = nonEmpty.get(b);
  if (list === undefined) {
    const out: number[] = [];
    for (let w = 0; w < b.length; w++) if (b[w]) out.push(w);
    list = out.length * 2 > b.length ? null : Int32Array.from(out);
    nonEmpty.set(b, list);
  }
  return list;
}

export class FastEngine {
  readonly ids: Identities;
  readonly sets: IdentitySets;
  readonly n: number;
  readonly portAtomCount: number;
  /** The engine's own copy, so that an edit does not touch the model others hold. */
  readonly policies: PolicyIR[];
  private readonly generation: number[];
  /** Per direction, per identity: indexes of the enforced policies that apply, in order. */
  private readonly applies: { ingress: number[][]; egress: number[][] };
  private readonly rowCache = new Map<string, Bitset>();
  private readonly portSets = new Map<string, Bitset | boolean>();
  private readonly ports = new Map<string, PortRows>();
  private readonly interned = new Map<number, Bitset[]>();
  private scratch?: { undecided: Bitset; allowed: Bitset; passed: Bitset; m: Bitset };
  /** Per direction, per identity: its row class (see row()); cleared for identities an edit touches. */
  private readonly classOf: { ingress: (number | undefined)[]; egress: (number | undefined)[] } = { ingress: [], egress: [] };
  private readonly classIds = new Map<string, number>();
  /** Walk state after a complete tier, by the key of the list up to there. */
  private readonly prefixCache = new Map<string, { undecided: Bitset; allowed: Bitset; i: number; r: number }>();
  private readonly prefixSeen = new Set<string>();

  constructor(
    readonly model: PolicyModel,
    vocab: Vocabulary = vocabulary(model.policies),
  ) {
    this.ids = buildIdentities(model, vocab);
    this.n = this.ids.list.length;
    this.sets = new IdentitySets(model, this.ids);
    this.policies = [...model.policies];
    this.generation = this.policies.map(() => 0);
    this.portAtomCount = countPortAtoms(portAtoms(this.policies));
    this.applies = { ingress: this.ids.list.map(() => []), egress: this.ids.list.map(() => []) };
    this.policies.forEach((p, i) => this.attach(i, p));
  }

  get vocabulary(): Vocabulary {
    return this.ids.vocabulary;
  }

  /** Record policy i on every identity its subject selects. */
  private attach(i: number, p: PolicyIR): number[] {
    const touched: number[] = [];
    if (!enforced(this.model, p) || (!p.ingress && !p.egress)) return touched;
    const subject = this.sets.selector(p.subject);
    for (let w = 0; w < subject.length; w++) {
      let x = subject[w]!;
      while (x) {
        const low = x & -x;
        const id = (w << 5) + 31 - Math.clz32(low);
        x ^= low;
        touched.push(id);
        for (const dir of ["ingress", "egress"] as const) if (p[dir]) insertSorted(this.applies[dir][id]!, i);
      }
    }
    return touched;
  }

  private detach(i: number): number[] {
    const touched: number[] = [];
    for (let id = 0; id < this.n; id++) {
      let hit = false;
      for (const dir of ["ingress", "egress"] as const) {
        const list = this.applies[dir][id]!;
        const at = list.indexOf(i);
        if (at >= 0) {
          list.splice(at, 1);
          hit = true;
        }
      }
      if (hit) touched.push(id);
    }
    return touched;
  }

  /** Policies (indexes into `policies`) that decide `dir` for identity `id`. */
  appliesTo(dir: Direction, id: number): readonly number[] {
    return this.applies[dir][id]!;
  }

  private portContext(k: PortKey, dst: Pod | undefined): PortContext {
    const f = this.model.profile.features;
    return { protocol: k.protocol, port: k.port, dstPod: dst, endPort: f.endPort, namedPorts: f.namedPorts, sctp: f.sctp };
  }

  /** Egress port condition of a rule at port k, as a set of destination identities (named ports resolve there). */
  private egressPorts(r: Rule, k: PortKey): Bitset | boolean {
    const named = r.ports?.some((p) => p.name !== undefined) || r.notPorts?.some((p) => p.name !== undefined);
    if (!named) return portsMatch(r.ports, r.notPorts, this.portContext(k, undefined));
    const key = `${keyOf(r.ports ?? [])}|${keyOf(r.notPorts ?? [])}|${portKeyText(k)}`;
    let s = this.portSets.get(key);
    if (s === undefined) {
      const b = emptySet(this.n);
      for (const id of this.ids.list) if (portsMatch(r.ports, r.notPorts, this.portContext(k, id.kind === "pod" ? id.rep : undefined))) add(b, id.index);
      this.portSets.set(key, (s = b));
    }
    return s;
  }

  /**
   * The allow row of identity `id` for `dir` at port k: the peers whose traffic its policies
   * let through on this side. Node-kind identities (host-network pods) have no pod policy.
   */
  row(dir: Direction, id: number, k: PortKey): Bitset {
    const ident = this.ids.list[id]!;
    const list = this.applies[dir][id]!;
    if (ident.kind === "node" || list.length === 0) return this.sets.all;
    // Identities with the same policies (and, on ingress, the same ports to resolve named
    // ports against; the same node with node entities) have the same row: compute it per
    // class. The own-node exemption is not in rows (see ownNodeIngress / own-node.ts).
    const c = this.rowClass(dir, id);
    const byClass = this.classRows(dir, k);
    let row = byClass.get(c);
    if (row) return row;
    const rules: { rule: Rule; ports: Bitset | boolean }[] = [];
    const cls: string[] = [];
    const tierEnds: number[] = []; // lengths of `cls` after each complete tier but the last
    for (let j = 0; j < list.length; j++) {
      const i = list[j]!;
      cls.push(`${i}.${this.generation[i]}`);
      for (const rule of this.policies[i]![dir]!.rules) {
        const ports = dir === "ingress" ? portsMatch(rule.ports, rule.notPorts, this.portContext(k, ident.rep)) : this.egressPorts(rule, k);
        rules.push({ rule, ports });
        cls.push(ports === true ? "1" : ports === false ? "0" : `#${keyOf(rule.ports ?? [])}|${keyOf(rule.notPorts ?? [])}|${portKeyText(k)}`);
      }
      const next = list[j + 1];
      if (next !== undefined && this.policies[next]!.tier.name !== this.policies[i]!.tier.name) tierEnds.push(cls.length);
    }
    // Peers depend on the subject's node only with node entities (then identities are keyed by node).
    const node = this.vocabulary.nodeEntities ? `@${ident.rep.nodeName ?? ""}` : "";
    const key = `${dir}|${cls.join(",")}${node}`;
    row = this.rowCache.get(key);
    if (!row) {
      const prefixKeys = tierEnds.map((end) => `${dir}|${cls.slice(0, end).join(",")}${node}`);
      this.rowCache.set(key, (row = this.walkTiers(dir, list, rules, ident.rep, prefixKeys)));
    }
    byClass.set(c, row);
    return row;
  }

  private rowClass(dir: Direction, id: number): number {
    const cached = this.classOf[dir][id];
    if (cached !== undefined) return cached;
    const ident = this.ids.list[id]!;
    let text = this.applies[dir][id]!.map((i) => `${i}.${this.generation[i]}`).join(",");
    if (dir === "ingress") text += `|${ident.rep.ports.map((cp) => `${cp.name ?? ""}/${cp.protocol}/${cp.port}`).join(",")}`;
    if (this.vocabulary.nodeEntities) text += `@${ident.rep.nodeName ?? ""}`;
    let c = this.classIds.get(`${dir}|${text}`);
    if (c === undefined) this.classIds.set(`${dir}|${text}`, (c = this.classIds.size));
    this.classOf[dir][id] = c;
    return c;
  }

  private classRows(dir: Direction, k: PortKey): Map<number, Bitset> {
    const pr = this.portRows(k);
    return dir === "ingress" ? pr.ingressByClass : pr.egressByClass;
  }

  /**
   * evaluate.ts's tier walk, for every peer identity at once. Scratch buffers (no garbage per
   * rule); each rule touches only the words its peer set has bits in; the state after a
   * complete tier is kept for lists that share it (admin tiers above many namespaces' policies).
   */
  private walkTiers(dir: Direction, list: readonly number[], rules: { rule: Rule; ports: Bitset | boolean }[], subject: Pod, prefixKeys: string[]): Bitset {
    const W = this.sets.all.length;
    const sc = (this.scratch ??= { undecided: new Uint32Array(W), allowed: new Uint32Array(W), passed: new Uint32Array(W), m: new Uint32Array(W) });
    const { undecided, allowed, passed } = sc;
    let r = 0;
    let i = 0;
    let tierNo = 0;
    let resumed = false;
    for (let t = prefixKeys.length - 1; t >= 0 && !resumed; t--) {
      const state = this.prefixCache.get(prefixKeys[t]!);
      if (!state) continue;
      undecided.set(state.undecided);
      allowed.set(state.allowed);
      ({ i, r } = state);
      tierNo = t + 1;
      resumed = true;
    }
    if (!resumed) {
      undecided.set(this.sets.all);
      allowed.fill(0);
    }
    while (i < list.length) {
      const tier = this.policies[list[i]!]!.tier;
      const open = undecided; // narrowed in place as rules decide
      passed.fill(0);
      let isolates = false;
      while (i < list.length && this.policies[list[i]!]!.tier.name === tier.name) {
        const side = this.policies[list[i++]!]![dir]!;
        if (side.isolates) isolates = true;
        for (const _ of side.rules) {
          const { rule, ports } = rules[r++]!;
          if (rule.action === "log" || ports === false) continue;
          const peer = this.sets.peer(rule.peer, subject);
          const target = rule.action === "allow" ? allowed : rule.action === "pass" ? passed : undefined;
          const words = nonEmptyWords(peer);
          if (words === null) {
            for (let w = 0; w < W; w++) {
              const x = peer[w]! & (ports === true ? 0xffffffff : ports[w]!) & open[w]!;
              if (!x) continue;
              if (target) target[w]! |= x;
              open[w]! &= ~x;
            }
          } else
            for (let q = 0; q < words.length; q++) {
              const w = words[q]!;
              const x = peer[w]! & (ports === true ? 0xffffffff : ports[w]!) & open[w]!;
              if (!x) continue;
              if (target) target[w]! |= x;
              open[w]! &= ~x;
            }
        }
      }
      // Not decided and not passed: denied at the end of a deny tier that isolates the pod.
      if (tier.endOfTier === "deny" && isolates) undecided.set(passed);
      else orInto(undecided, passed);
      // Kept only for a prefix met a second time: most lists (a namespace's own policies
      // before the baseline tier) are met once, and keeping them filled the cache before the
      // shared admin prefixes of later ports came.
      if (tierNo < prefixKeys.length && i < list.length) {
        const pk = prefixKeys[tierNo]!;
        if (!this.prefixSeen.has(pk)) {
          if (this.prefixSeen.size < 1 << 17) this.prefixSeen.add(pk);
        } else if (!this.prefixCache.has(pk) && this.prefixCache.size < 4096) this.prefixCache.set(pk, { undecided: undecided.slice(), allowed: allowed.slice(), i, r });
      }
      tierNo++;
    }
    orInto(allowed, undecided);
    return this.intern(allowed);
  }

  /**
   * evaluate.ts's own-node exemption, which rows leave out (it is per pod, not per identity):
   * a host-network pod the profile treats as its node's traffic reaches the pods of that node
   * (ownNodeToPod, ingress side) and they reach it (podToOwnNode, egress side).
   */
  ownNodeIngress(src: number, dst: Pod): boolean {
    if (this.model.profile.settings.ownNodeToPod !== "allowed") return false;
    const node = this.nodeOf(src);
    return node !== undefined && node === dst.nodeName && this.ids.list[this.ids.of.get(dst)!]!.kind === "pod";
  }

  ownNodeEgress(src: Pod, dst: number): boolean {
    if (this.model.profile.settings.podToOwnNode !== "allowed") return false;
    const node = this.nodeOf(dst);
    return node !== undefined && node === src.nodeName && this.ids.list[this.ids.of.get(src)!]!.kind === "pod";
  }

  /** The node a node-kind identity is the traffic of (undefined for pods and unknown nodes). */
  nodeOf(id: number): string | undefined {
    const ident = this.ids.list[id]!;
    return ident.kind === "node" && ident.endpoint.kind === "node" ? ident.endpoint.node?.name : undefined;
  }

  private nodeIds?: Map<string, number[]>;
  /** Node-kind identities (host-network pods as their node's traffic) by node name, gathered once. */
  nodeIdentities(): Map<string, number[]> {
    if (this.nodeIds) return this.nodeIds;
    const m = new Map<string, number[]>();
    for (let id = 0; id < this.n; id++) {
      const node = this.nodeOf(id);
      if (node === undefined) continue;
      const list = m.get(node);
      if (list) list.push(id);
      else m.set(node, [id]);
    }
    return (this.nodeIds = m);
  }

  /** One copy of each distinct row: many identities end with the same answer. */
  private intern(b: Bitset): Bitset {
    const h = hashSet(b);
    let bucket = this.interned.get(h);
    if (!bucket) this.interned.set(h, (bucket = []));
    for (const x of bucket) if (equals(x, b)) return x;
    const copy = b.slice();
    bucket.push(copy);
    return copy;
  }

  /** Distinct allow rows held (for the benchmark's figures). */
  get distinctRows(): number {
    let n = 0;
    for (const b of this.interned.values()) n += b.length;
    return n;
  }

  /** Rows for one port, for every identity, kept for counting and edits. */
  portRows(k: PortKey): PortRows {
    // Callers loop over identities with one PortKey object: skip the text key for it.
    if (k === this.lastPort?.k) return this.lastPort.pr;
    const t = portKeyText(k);
    let pr = this.ports.get(t);
    if (!pr) this.ports.set(t, (pr = { ingress: new Array(this.n), egress: new Array(this.n), ingressByClass: new Map(), egressByClass: new Map() }));
    this.lastPort = { k, pr };
    return pr;
  }
  private lastPort?: { k: PortKey; pr: PortRows };

  ingressRow(id: number, k: PortKey): Bitset {
    const pr = this.portRows(k);
    return (pr.ingress[id] ??= this.row("ingress", id, k));
  }

  egressRow(id: number, k: PortKey): Bitset {
    const pr = this.portRows(k);
    return (pr.egress[id] ??= this.row("egress", id, k));
  }

  /** Identity pair: the source's egress allows the destination and the destination's ingress allows the source. */
  identityAllowed(src: number, dst: number, k: PortKey): boolean {
    return has(this.egressRow(src, k), dst) && has(this.ingressRow(dst, k), src);
  }

  /** The source pod's egress side lets the flow out (its row, or the own-node exemption). */
  egressAllows(src: Pod, dst: Pod, k: PortKey): boolean {
    const d = this.ids.of.get(dst)!;
    return has(this.egressRow(this.ids.of.get(src)!, k), d) || this.ownNodeEgress(src, d);
  }

  /** The destination pod's ingress side lets the flow in (its row, or the own-node exemption). */
  ingressAllows(src: Pod, dst: Pod, k: PortKey): boolean {
    const s = this.ids.of.get(src)!;
    return has(this.ingressRow(this.ids.of.get(dst)!, k), s) || this.ownNodeIngress(s, dst);
  }

  /** Pod pair, as pairAllowed answers it (a pod reaching itself through its Service included). */
  allowed(src: Pod, dst: Pod, k: PortKey): boolean {
    if (src === dst && this.model.profile.settings.podToItself === "allowed") return true;
    return this.egressAllows(src, dst, k) && this.ingressAllows(src, dst, k);
  }

  /**
   * Replace policy i (same place in the order). Returns the identities whose rows changed, or
   * undefined when the edit needs identities the engine does not have (new label keys, CIDRs,
   * named ports…): then build a new engine.
   */
  editPolicy(i: number, p: PolicyIR): number[] | undefined {
    if (!sameVocabulary(this.vocabulary, vocabulary([p]))) return undefined;
    const before = this.detach(i);
    this.policies[i] = p;
    this.generation[i]!++;
    const after = this.attach(i, p);
    const touched = [...new Set([...before, ...after])].sort((a, b) => a - b);
    for (const id of touched) this.classOf.ingress[id] = this.classOf.egress[id] = undefined;
    for (const pr of this.ports.values())
      for (const id of touched) {
        pr.ingress[id] = undefined;
        pr.egress[id] = undefined;
      }
    return touched;
  }
}

function insertSorted(list: number[], i: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1]! > i) at--;
  if (list[at - 1] !== i) list.splice(at, 0, i);
}

/** Whether everything `extra` looks at is already part of the identities of `base`. */
function sameVocabulary(base: Vocabulary, extra: Vocabulary): boolean {
  if (extra.unsupported) return false;
  if (extra.labelKeys.some((k) => !base.labelKeys.includes(k))) return false;
  if (extra.serviceAccount && !base.serviceAccount) return false;
  if (extra.nodeEntities && !base.nodeEntities) return false;
  for (const n of extra.portNames) if (!base.portNames.has(n)) return false;
  return extra.cidrs.size === 0 || base.cidrs.covers(extra.cidrs);
}

const engines = new WeakMap<PolicyModel, FastEngine | null>();

/** The engine for a model, built once; null when the IR has something it does not know. */
export function fastEngine(model: PolicyModel): FastEngine | null {
  let e = engines.get(model);
  if (e === undefined) {
    const v = vocabulary(model.policies);
    e = v.unsupported ? null : new FastEngine(model, v);
    engines.set(model, e);
  }
  return e;
}

/**
 * computeMatrix's default per-pair answer: the bitset engine's, or undefined (then the per-pair
 * evaluator) when the IR holds something the engine does not know.
 */
export function fastAllowedFor(model: PolicyModel): ((m: PolicyModel, src: Pod, dst: Pod, k: PortKey) => boolean) | undefined {
  const e = fastEngine(model);
  return e ? (_m, src, dst, k) => e.allowed(src, dst, k) : undefined;
}
