// metadata-api-reachable: a pod that can reach the cloud metadata endpoint 169.254.169.254.
// Its node's cloud credentials are served there; a compromised pod can take them.

import { ipEndpoint, podEndpoint } from "../../engine/endpoint.js";
import { addToCause, egressBlame } from "./blame.js";
import type { Blame } from "./blame.js";
import { flowVerdict, policedPods } from "./probes.js";
import { groupByWorkload, listPods, podRelated } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";
import type { Pod } from "../../model/cluster.js";

export const metadataApiReachable: LintCheck = {
  id: "metadata-api-reachable",
  severity: "error",
  title: "Pod can reach the cloud metadata endpoint",
  help: "The cloud metadata endpoint (169.254.169.254) hands out the node's credentials. Pods should not reach it: restrict egress with a default deny, and when allowing the internet with an ipBlock, add `except: [169.254.169.254/32]`. Other metadata addresses can be set under lint.metadataAddresses.",
  run(ctx) {
    const { model, config } = ctx;
    const causes = new Map<string, { blame: Blame; address: string; pods: Pod[] }>();
    for (const group of groupByWorkload(policedPods(model)))
      for (const address of config.metadataAddresses) {
        const dst = ipEndpoint(model, address);
        const verdicts = group.map((p) => flowVerdict(model, podEndpoint(model, p), dst, "TCP", 80));
        const open = group.filter((_, i) => verdicts[i]!.allowed);
        if (!open.length) continue;
        const blame = egressBlame(verdicts.find((v) => v.allowed)!, open[0]!);
        addToCause(causes, `${blame.key} ${address}`, () => ({ blame, address, pods: [] }), open);
      }
    const out: RawFinding[] = [];
    for (const { blame, address, pods } of causes.values())
      out.push({
        object: blame.object,
        source: blame.source,
        path: blame.path,
        message: `${listPods(pods)} can reach the cloud metadata endpoint ${address} on TCP/80: ${blame.why}.`,
        fix: `Restrict egress (default deny), and exclude the endpoint from wide blocks:\n- ipBlock:\n    cidr: 0.0.0.0/0\n    except: [${address}/32]`,
        related: podRelated(pods, (p) => `${p.namespace}/${p.name} reaches ${address}`),
      });
    return out;
  },
};
