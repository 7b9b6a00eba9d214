// One flow's verdict and trace (the engine's evaluate), as plain data for the trace panel.

import { podKey } from "../../model/cluster.js";
import type { Pod } from "../../model/cluster.js";
import { formatSource } from "../../model/source.js";
import type { SourceRef } from "../../model/source.js";
import { evaluate } from "../../engine/evaluate.js";
import { podEndpoint } from "../../engine/endpoint.js";
import type { PortKey } from "../../engine/matrix.js";
import type { PolicyModel } from "../../engine/model.js";
import type { SideVerdict } from "../../engine/verdict.js";
import type { SideView, TraceView } from "./types.js";

const where = (s: SourceRef | undefined): string | undefined => (s ? formatSource(s) : undefined);

function sideView(s: SideVerdict): SideView {
  return {
    direction: s.direction,
    allowed: s.allowed,
    decidedBy: s.decidedBy,
    summary: s.summary,
    isolatedBy: s.isolatedBy.map((o) => ({ name: `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`, where: where(o.source) })),
    steps: s.steps.map((st) => ({ event: st.event, action: st.action, tier: st.tier, text: st.text, where: where(st.ruleSource ?? st.policy?.source) })),
  };
}

export function traceView(model: PolicyModel, src: Pod, dst: Pod, k: PortKey): TraceView {
  const v = evaluate(model, { src: podEndpoint(model, src), dst: podEndpoint(model, dst), protocol: k.protocol, port: k.port, selfVia: "service" });
  return {
    from: podKey(src),
    to: podKey(dst),
    port: `${k.protocol}/${k.port}`,
    allowed: v.allowed,
    summary: v.summary,
    sides: [sideView(v.egress), sideView(v.ingress)],
  };
}
