// PortExpr lists → match conditions on protocol and destination port, under the CNI
// profile's features (endPort, SCTP, named ports). A named port is resolved on the
// destination pod: for ingress that is the subject, so it becomes concrete ports; for egress
// it is the peer, so it becomes a set of (pod address . protocol . port).

import type { PortExpr } from "../model/ir.js";
import type { ProfileFeatures } from "../model/profile.js";
import type { Dnf } from "./nft-dnf.js";
import { FALSE, TRUE, and, not, or } from "./nft-dnf.js";
import type { SetBook } from "./nft-sets.js";
import type { LabPod, Topology } from "./topology.js";

const L4 = ["tcp", "udp", "sctp"];
const KNOWN = new Set(["TCP", "UDP", "SCTP", "ANY"]);

export interface PortScope {
  features: ProfileFeatures;
  topology: Topology;
  book: SetBook;
  direction: "ingress" | "egress";
  subject: LabPod;
}

const proto = (p: string): Dnf => [[{ k: "proto", protos: p === "ANY" ? L4 : [p.toLowerCase()], neg: false }]];

function compilePort(pe: PortExpr, s: PortScope): Dnf {
  if (!KNOWN.has(pe.protocol)) return FALSE; // ICMP and the like never match a TCP/UDP/SCTP flow
  if (!s.features.sctp && pe.protocol === "SCTP") return FALSE;
  if (pe.name !== undefined) {
    if (!s.features.namedPorts) return FALSE;
    const fits = (cp: { name?: string; protocol: string }) => cp.name === pe.name && (pe.protocol === "ANY" || cp.protocol === pe.protocol);
    if (s.direction === "ingress") {
      return or(s.subject.pod.ports.filter(fits).map((cp) => and([proto(cp.protocol), [[{ k: "dport", from: cp.port, to: cp.port, neg: false }]]])));
    }
    const elements = s.topology.pods.flatMap((lp) => lp.pod.ports.filter(fits).map((cp) => `${lp.ip} . ${cp.protocol.toLowerCase()} . ${cp.port}`));
    if (!elements.length) return FALSE;
    return [[{ k: "named", set: s.book.set("named", elements, "np"), neg: false }]];
  }
  if (pe.from === undefined) return pe.protocol === "ANY" ? TRUE : proto(pe.protocol);
  const to = s.features.endPort ? (pe.to ?? pe.from) : pe.from;
  if (to < pe.from) return FALSE;
  return and([proto(pe.protocol), [[{ k: "dport", from: pe.from, to, neg: false }]]]);
}

/** `ports` absent: every port; entries OR'ed; then none of `notPorts` may match. */
export function compilePorts(ports: PortExpr[] | undefined, notPorts: PortExpr[] | undefined, s: PortScope): Dnf {
  const yes = ports ? or(ports.map((p) => compilePort(p, s))) : TRUE;
  const no = notPorts?.length ? not(or(notPorts.map((p) => compilePort(p, s)))) : TRUE;
  return and([yes, no]);
}
