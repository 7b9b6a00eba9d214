// The full matrix at scale, counted without visiting pod pairs: per port, each destination
// identity's ingress row is crossed with the egress rows of the sources (cross-count.ts: each
// distinct row walked once, on its smaller side). Pod counts and a checksum come from identity
// weights (pods, Σ pod hashes), so the work is per identity; the own-node exemption adds its
// few pod pairs on top (own-node.ts).

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import type { PolicyIR } from "../model/ir.js";
import type { FastEngine } from "./fast-engine.js";
import { portKeyText } from "./fast-engine.js";
import type { PortKey } from "./matrix.js";
import { declaredPorts, serves } from "./matrix.js";
import type { Bitset } from "./bitset.js";
import { has } from "./bitset.js";
import { crossSums } from "./cross-count.js";
import { ownNodeExtras } from "./own-node.js";
import type { ExtraPairs } from "./own-node.js";

export interface PortCount {
  key: PortKey;
  /** Allowed (source pod, destination pod) pairs; destinations that do not serve the port are left out unless ports were given. */
  allowedPairs: number;
  totalPairs: number;
  /** Per destination identity: how many source pods may reach each of its pods. */
  inbound: Float64Array;
  /** Per destination identity: the sum of the source pods' hashes (mod 2^32), for the checksum. */
  inboundHash: Float64Array;
  serving: Uint8Array;
  /** Per destination identity: 1 when its pods reach themselves only by the profile's podToItself exemption (counted in inbound). */
  self: Uint8Array;
  /** Pod pairs only the own-node exemption allows (own-node.ts): per pod, not per identity. */
  extra: ExtraCount;
}

export interface ExtraCount {
  pairs: number;
  /** Σ h(src)·h(dst) mod 2^32 over the pairs. */
  hash: number;
  /** The pairs themselves, for per-pod figures (extraPerPod). */
  blocks: ExtraPairs[];
}

export interface MatrixCount {
  ports: PortCount[];
  declaredPortsOnly: boolean;
  allowedPairs: number;
  totalPairs: number;
  /** Order-independent: Σ over allowed (src, dst, port) of h(src)·h(dst)·h(port), mod 2^32, in hex. */
  checksum: string;
}

export type Progress = (phase: string, done: number, total: number) => void;

/** FNV-1a of a text, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const podHashes = new WeakMap<Pod, number>();
export function podHash(p: Pod): number {
  let h = podHashes.get(p);
  if (h === undefined) podHashes.set(p, (h = hash32(podKey(p)) | 1));
  return h;
}
export const portHash = (k: PortKey): number => hash32(portKeyText(k)) | 1;

/** Per identity: pod count, Σ pod hashes and Σ h(p)² (a pod reaching itself). */
class Weights {
  readonly size: Float64Array;
  readonly hash: Float64Array;
  readonly selfHash: Float64Array;
  constructor(e: FastEngine) {
    const n = e.n;
    this.size = new Float64Array(n);
    this.hash = new Float64Array(n);
    this.selfHash = new Float64Array(n);
    for (const id of e.ids.list) {
      let h = 0;
      let sh = 0;
      for (const p of id.pods) {
        const ph = podHash(p);
        h = (h + ph) >>> 0;
        sh = (sh + Math.imul(ph, ph)) >>> 0;
      }
      this.size[id.index] = id.pods.length;
      this.hash[id.index] = h;
      this.selfHash[id.index] = sh;
    }
  }
}

const weightsCache = new WeakMap<FastEngine, Weights>();
export function weights(e: FastEngine): Weights {
  let w = weightsCache.get(e);
  if (!w) weightsCache.set(e, (w = new Weights(e)));
  return w;
}


const servingCache = new WeakMap<FastEngine, Map<string, Uint8Array>>();
/** Per identity, whether it serves port k (its pods declare it), gathered once per port. */
export function servingOf(e: FastEngine, k: PortKey): Uint8Array {
  let m = servingCache.get(e);
  if (!m) servingCache.set(e, (m = new Map()));
  const key = portKeyText(k);
  let s = m.get(key);
  if (!s) {
    s = new Uint8Array(e.n);
    for (let id = 0; id < e.n; id++) if (serves(e.ids.list[id]!.rep, k)) s[id] = 1;
    m.set(key, s);
  }
  return s;
}

/** The ports the matrix covers: those given, or every port some pod declares. */
export function matrixPorts(e: FastEngine, given?: PortKey[]): { ports: PortKey[]; declaredPortsOnly: boolean } {
  if (given?.length) return { ports: given, declaredPortsOnly: false };
  return { ports: declaredPorts(e.ids.list.map((i) => i.rep)), declaredPortsOnly: true };
}

/** Every row the matrix needs, computed once (the part of the work that walks policies). */
export function computeRows(e: FastEngine, ports: PortKey[], declaredPortsOnly: boolean, progress?: Progress): void {
  ports.forEach((k, i) => {
    const served = servingOf(e, k);
    for (let id = 0; id < e.n; id++) {
      e.egressRow(id, k);
      if (!declaredPortsOnly || served[id]) e.ingressRow(id, k);
    }
    progress?.("rows", i + 1, ports.length);
  });
}

export function countPort(e: FastEngine, k: PortKey, declaredPortsOnly: boolean): PortCount {
  const n = e.n;
  const wt = weights(e);
  const serving = new Uint8Array(n);
  const egRows: Bitset[] = new Array(n);
  const served = servingOf(e, k);
  let servingPods = 0;
  for (let id = 0; id < n; id++) {
    egRows[id] = e.egressRow(id, k);
    if (!declaredPortsOnly || served[id]) {
      serving[id] = 1;
      servingPods += wt.size[id]!;
    }
  }
  const inRows = Array.from(serving, (yes, d) => (yes ? e.ingressRow(d, k) : undefined));
  const sums = crossSums({ n, rows: inRows, cross: egRows, size: wt.size, hash: wt.hash });
  const pc: PortCount = { key: k, allowedPairs: 0, totalPairs: servingPods * totalPods(e), inbound: sums.size, inboundHash: sums.hash, serving, self: new Uint8Array(n), extra: extraCount(e, k, serving) };
  for (let d = 0; d < n; d++) if (serving[d]) markSelf(e, pc, d);
  pc.allowedPairs = allowedOf(e, pc);
  return pc;
}

const totalPods = (e: FastEngine) => e.model.cluster.pods.length;

/** The own-node exemption's pairs at port k, counted per pod. */
function extraCount(e: FastEngine, k: PortKey, serving: Uint8Array): ExtraCount {
  const x: ExtraCount = { pairs: 0, hash: 0, blocks: ownNodeExtras(e, k, serving) };
  for (const { from, to } of x.blocks)
    for (const s of from)
      for (const d of to) {
        x.pairs++;
        x.hash = (x.hash + Math.imul(podHash(s), podHash(d))) >>> 0;
      }
  return x;
}

/** Per pod: the own-node pairs it sends and receives. */
export function extraPerPod(x: ExtraCount): { inbound: Map<Pod, number>; outbound: Map<Pod, number> } {
  const inbound = new Map<Pod, number>();
  const outbound = new Map<Pod, number>();
  for (const { from, to } of x.blocks) {
    for (const s of from) outbound.set(s, (outbound.get(s) ?? 0) + to.length);
    for (const d of to) inbound.set(d, (inbound.get(d) ?? 0) + from.length);
  }
  return { inbound, outbound };
}

/**
 * A pod reaching itself is exempt (profile) though its identity is not allowed to reach
 * itself: inbound is per destination pod, so each pod of d gains itself. The hash gains h(p)²
 * per pod, kept apart through selfHash and folded in by checksumOf. d must be unmarked.
 */
function markSelf(e: FastEngine, pc: PortCount, d: number): void {
  if (e.model.profile.settings.podToItself !== "allowed" || e.identityAllowed(d, d, pc.key)) return;
  pc.self[d] = 1;
  pc.inbound[d] += 1;
}

function allowedOf(e: FastEngine, pc: PortCount): number {
  const wt = weights(e);
  let total = 0;
  for (let d = 0; d < e.n; d++) if (pc.serving[d]) total += pc.inbound[d]! * wt.size[d]!;
  return total + pc.extra.pairs;
}

function checksumOf(e: FastEngine, pc: PortCount): number {
  const wt = weights(e);
  let sum = 0;
  for (let d = 0; d < e.n; d++) {
    if (!pc.serving[d]) continue;
    if (pc.inboundHash[d]) sum = (sum + Math.imul(wt.hash[d]!, pc.inboundHash[d]!)) >>> 0;
    if (pc.self[d]) sum = (sum + wt.selfHash[d]!) >>> 0;
  }
  sum = (sum + pc.extra.hash) >>> 0;
  return Math.imul(sum, portHash(pc.key)) >>> 0;
}

function summarize(e: FastEngine, ports: PortCount[], declaredPortsOnly: boolean): MatrixCount {
  let allowed = 0;
  let total = 0;
  let sum = 0;
  for (const pc of ports) {
    allowed += pc.allowedPairs;
    total += pc.totalPairs;
    sum = (sum + checksumOf(e, pc)) >>> 0;
  }
  return { ports, declaredPortsOnly, allowedPairs: allowed, totalPairs: total, checksum: sum.toString(16).padStart(8, "0") };
}

export function countMatrix(e: FastEngine, opts: { ports?: PortKey[]; progress?: Progress } = {}): MatrixCount {
  const { ports, declaredPortsOnly } = matrixPorts(e, opts.ports);
  const counts = ports.map((k, i) => {
    const pc = countPort(e, k, declaredPortsOnly);
    opts.progress?.("matrix", i + 1, ports.length);
    return pc;
  });
  return summarize(e, counts, declaredPortsOnly);
}

/** The same checksum and counts, from any per-pod-pair answer (the per-pair evaluator in tests and estimates). */
export function checksumOfPairs(pods: readonly Pod[], ports: PortKey[], declaredPortsOnly: boolean, allowed: (s: Pod, d: Pod, k: PortKey) => boolean): { allowedPairs: number; checksum: string } {
  let sum = 0;
  let n = 0;
  for (const k of ports) {
    let ks = 0;
    for (const d of pods) {
      if (declaredPortsOnly && !serves(d, k)) continue;
      const dh = podHash(d);
      for (const s of pods)
        if (allowed(s, d, k)) {
          n++;
          ks = (ks + Math.imul(podHash(s), dh)) >>> 0;
        }
    }
    sum = (sum + Math.imul(ks, portHash(k))) >>> 0;
  }
  return { allowedPairs: n, checksum: sum.toString(16).padStart(8, "0") };
}

/**
 * Re-evaluate after replacing policy i: only the rows of the identities the old or new policy
 * selects are recomputed, and only their row and column of each port's counts. Returns the
 * new counts, or undefined when the engine had to be rebuilt (see FastEngine.editPolicy).
 */
export function editAndRecount(e: FastEngine, count: MatrixCount, i: number, p: PolicyIR): { count: MatrixCount; touched: number[] } | undefined {
  const before = new Set<number>();
  for (const dir of ["ingress", "egress"] as const) for (let id = 0; id < e.n; id++) if (e.appliesTo(dir, id).includes(i)) before.add(id);
  const wt = weights(e);
  // Old egress rows of every identity that may change.
  const maybe = new Set(before);
  const subj = e.sets.selector(p.subject);
  for (let id = 0; id < e.n; id++) if (has(subj, id)) maybe.add(id);
  const oldRows = count.ports.map((pc) => new Map([...maybe].map((id) => [id, e.egressRow(id, pc.key)])));
  const touched = e.editPolicy(i, p);
  if (!touched) return undefined;
  const isTouched = new Uint8Array(e.n);
  for (const id of touched) isTouched[id] = 1;
  count.ports.forEach((pc, pi) => {
    const k = pc.key;
    // Touched sources: their contribution to untouched destinations.
    for (const x of touched) {
      const oldRow = oldRows[pi]!.get(x)!;
      const newRow = e.egressRow(x, k);
      if (oldRow === newRow) continue;
      for (let d = 0; d < e.n; d++) {
        if (!pc.serving[d] || isTouched[d]) continue;
        const was = has(oldRow, d) && has(e.ingressRow(d, k), x);
        const now = has(newRow, d) && has(e.ingressRow(d, k), x);
        if (was === now) continue;
        const sign = now ? 1 : -1;
        pc.inbound[d] += sign * wt.size[x]!;
        pc.inboundHash[d] = (((pc.inboundHash[d]! + sign * wt.hash[x]!) % 4294967296) + 4294967296) % 4294967296;
      }
    }
    // Touched destinations: their whole column again.
    for (const d of touched) {
      if (!pc.serving[d]) continue;
      let inb = 0;
      let inh = 0;
      const inRow = e.ingressRow(d, k);
      for (let s = 0; s < e.n; s++)
        if (has(inRow, s) && has(e.egressRow(s, k), d)) {
          inb += wt.size[s]!;
          inh = (inh + wt.hash[s]!) % 4294967296;
        }
      pc.inbound[d] = inb;
      pc.inboundHash[d] = inh;
      pc.self[d] = 0;
      markSelf(e, pc, d);
    }
    pc.extra = extraCount(e, k, pc.serving);
    pc.allowedPairs = allowedOf(e, pc);
  });
  return { count: summarize(e, count.ports, count.declaredPortsOnly), touched };
}
