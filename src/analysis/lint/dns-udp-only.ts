// dns-udp-only: DNS allowed on UDP 53 but not on TCP 53. Large answers (DNSSEC, many records)
// fall back to TCP, so lookups fail now and then — the hardest kind of outage to explain.

import type { Pod } from "../../model/cluster.js";
import { originName } from "../../model/ir.js";
import type { Verdict } from "../../engine/verdict.js";
import { blamePolicy } from "./blame.js";
import { dnsEgressRule } from "./dns-fix.js";
import { isolatingPolicies } from "../probes.js";
import { dnsTargets, isDnsPod, policedPods, reachesDns } from "./probes.js";
import { groupByWorkload, listPods, podRelated, policyObject, policySource, workloadOf } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const dnsUdpOnly: LintCheck = {
  id: "dns-udp-only",
  severity: "warning",
  title: "DNS allowed on UDP 53 only",
  help: "DNS falls back to TCP for large answers. Allow TCP 53 wherever UDP 53 is allowed. A common cause: `ports: [{port: 53}]` means TCP only, and `{port: 53, protocol: UDP}` alone means UDP only.",
  run(ctx) {
    const { model, config } = ctx;
    const targets = dnsTargets(model, config);
    // The verdicts asked of each UDP-only pod, kept for the finding about its workload.
    const udpOnly = new Map<Pod, { udp: Verdict; tcp: Verdict }>();
    for (const p of policedPods(model)) {
      if (isDnsPod(p, config)) continue;
      const udp = reachesDns(model, p, targets, "UDP");
      if (!udp.ok) continue;
      const tcp = reachesDns(model, p, targets, "TCP");
      if (!tcp.ok) udpOnly.set(p, { udp: udp.verdicts.find((v) => v.allowed)!, tcp: tcp.verdicts[0]! });
    }
    const out: RawFinding[] = [];
    for (const group of groupByWorkload([...udpOnly.keys()])) {
      const pod = group[0]!;
      // Point at the rule that allows UDP 53, where TCP 53 belongs too.
      const { udp, tcp } = udpOnly.get(pod)!;
      const step = udp.egress.steps.find((s) => s.event === "matched" && s.action === "allow");
      const isolators = isolatingPolicies(model, pod, "egress");
      const blame = isolators.find((p) => p.origin.name === step?.policy?.name && p.origin.namespace === step?.policy?.namespace) ?? (isolators.length ? blamePolicy(isolators) : undefined);
      const w = workloadOf(pod);
      const why = tcp.egress.allowed ? tcp.ingress.summary : tcp.egress.summary;
      out.push({
        object: blame ? policyObject(blame) : w,
        source: step?.ruleSource ?? (blame ? policySource(blame) : pod.source ?? { file: "<unknown>", line: 0, col: 0 }),
        path: step?.rulePath,
        message: `${w.kind} ${w.namespace}/${w.name} (${listPods(group)}) may query DNS on UDP/53 but not on TCP/53 (${why}). Large DNS answers will fail.`,
        fix: `Allow TCP 53 beside UDP 53${blame ? ` in ${originName(blame.origin)}` : ""}:\n${dnsEgressRule(config)}`,
        related: podRelated(group, (p) => `${p.namespace}/${p.name} cannot query DNS over TCP`),
      });
    }
    return out;
  },
};
