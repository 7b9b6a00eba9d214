// broad-ipblock: a CIDR peer wider than a threshold (default /8 for IPv4, /32 for IPv6),
// 0.0.0.0/0 included. Wide blocks usually mean "the internet", and often more than meant:
// under most CNIs an ipBlock matches pod and node addresses too.

import { parseCidr } from "../../model/ip.js";
import { cidrPeers, allRules, policyObject, ruleSource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const broadIpblock: LintCheck = {
  id: "broad-ipblock",
  severity: "warning",
  title: "CIDR wider than the allowed prefix",
  help: "A rule names a CIDR block wider than the configured prefix (lint.checks.broad-ipblock.ipv4Prefix, default 8; ipv6Prefix, default 32). Name the addresses the workload really needs, or use FQDN policies where the CNI supports them.",
  options: {
    ipv4Prefix: { default: 8, help: "IPv4 blocks with a shorter prefix than this are reported" },
    ipv6Prefix: { default: 32, help: "IPv6 blocks with a shorter prefix than this are reported" },
  },
  run(ctx) {
    const out: RawFinding[] = [];
    const limit = { 4: ctx.option("ipv4Prefix"), 6: ctx.option("ipv6Prefix") };
    for (const { policy, direction, rule } of allRules(ctx.model.policies))
      for (const peer of cidrPeers(rule.peer)) {
        const c = parseCidr(peer.cidr);
        if (!c || c.prefix >= limit[c.family]) continue;
        const what = c.prefix === 0 ? "every address" : `2^${(c.family === 4 ? 32 : 128) - c.prefix} addresses`;
        out.push({
          object: policyObject(policy),
          source: ruleSource(policy, rule),
          path: rule.path,
          message: `${rule.path} ${rule.action}s ${direction} ${direction === "ingress" ? "from" : "to"} ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(", ")}` : ""} (${what}), wider than /${limit[c.family]}.`,
          fix: `Name the block the workload needs, for example:\n- ipBlock:\n    cidr: 203.0.113.0/24   # the service's published range`,
        });
      }
    return out;
  },
};
