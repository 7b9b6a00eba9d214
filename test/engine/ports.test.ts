// Port conditions: single ports, endPort ranges, protocol-only entries, named ports and the
// profile features that switch them off.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { portMatches } from "../../src/engine/match.js";
import type { PortContext } from "../../src/engine/match.js";
import type { Pod } from "../../src/model/cluster.js";
import type { Protocol } from "../../src/model/ir.js";

const proto = fc.constantFrom<Protocol>("TCP", "UDP", "SCTP");
const port = fc.integer({ min: 1, max: 65535 });
const ctx = (protocol: Protocol, p: number, extra: Partial<PortContext> = {}): PortContext => ({ protocol, port: p, endPort: true, namedPorts: true, sctp: true, ...extra });

test("a range [port, endPort] matches exactly the ports inside it, on its protocol only (property)", () => {
  fc.assert(
    fc.property(proto, proto, port, port, port, (ruleProto, flowProto, a, b, p) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const got = portMatches({ protocol: ruleProto, from, to }, ctx(flowProto, p));
      return got === (ruleProto === flowProto && p >= from && p <= to);
    }),
    { numRuns: 5000 },
  );
});

test("without endPort support only `port` is enforced (property)", () => {
  fc.assert(
    fc.property(port, port, port, (a, b, p) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      return portMatches({ protocol: "TCP", from, to }, ctx("TCP", p, { endPort: false })) === (p === from);
    }),
    { numRuns: 2000 },
  );
});

test("a protocol-only entry matches every port of that protocol; ANY matches every protocol", () => {
  fc.assert(fc.property(proto, proto, port, (r, f, p) => portMatches({ protocol: r }, ctx(f, p)) === (r === f) && portMatches({ protocol: "ANY" }, ctx(f, p))));
  assert.equal(portMatches({ protocol: "ICMP" }, ctx("TCP", 1)), false);
});

test("named ports resolve on the destination pod, with the protocol of the rule", () => {
  const pod = { ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }, { name: "web", port: 8080, protocol: "TCP" }] } as unknown as Pod;
  assert.equal(portMatches({ protocol: "UDP", name: "dns" }, ctx("UDP", 53, { dstPod: pod })), true);
  assert.equal(portMatches({ protocol: "TCP", name: "dns" }, ctx("TCP", 53, { dstPod: pod })), false, "dns is UDP on this pod");
  assert.equal(portMatches({ protocol: "ANY", name: "web" }, ctx("TCP", 8080, { dstPod: pod })), true, "ANY: the container port's own protocol");
  assert.equal(portMatches({ protocol: "TCP", name: "web" }, ctx("TCP", 8081, { dstPod: pod })), false);
  assert.equal(portMatches({ protocol: "TCP", name: "web" }, ctx("TCP", 8080)), false, "no destination pod: a named port never matches");
  assert.equal(portMatches({ protocol: "TCP", name: "web" }, ctx("TCP", 8080, { dstPod: pod, namedPorts: false })), false);
  assert.equal(portMatches({ protocol: "SCTP", from: 80, to: 80 }, ctx("SCTP", 80, { sctp: false })), false);
});
