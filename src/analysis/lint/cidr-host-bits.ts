// cidr-host-bits: a CIDR written with host bits set (`10.0.0.1/8`). It is read as its
// network (10.0.0.0/8) — usually not what the author meant, who wanted one host (/32).
// The IR keeps only the masked block, so this check reads the objects as written.

import type { FieldPath, LocatedObject } from "../../model/object.js";
import { formatPath } from "../../model/object.js";
import { formatIP, parseCidr } from "../../model/ip.js";
import { kindFor } from "../../kinds/registry.js";
import type { LintCheck, RawFinding } from "./types.js";

function walk(v: unknown, path: FieldPath, visit: (text: string, path: FieldPath) => void): void {
  if (typeof v === "string") visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], visit));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k], visit);
}

function objectOf(lo: LocatedObject) {
  const md = (lo.object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return { kind: String(lo.object.kind), namespace: typeof md.namespace === "string" ? md.namespace : undefined, name: typeof md.name === "string" ? md.name : "<unnamed>" };
}

export const cidrHostBits: LintCheck = {
  id: "cidr-host-bits",
  severity: "warning",
  title: "CIDR with host bits set",
  help: "A CIDR such as 10.0.0.1/8 has bits set after the prefix. It is read as its network (10.0.0.0/8), and strict API servers reject it. Write the network address, or /32 (/128) for a single host.",
  run(ctx) {
    const out: RawFinding[] = [];
    for (const lo of ctx.objects) {
      if (!kindFor(lo.object)) continue; // policies only: addresses elsewhere are not rules
      walk(lo.object.spec, ["spec"], (text, path) => {
        const c = parseCidr(text);
        if (!c || !c.hostBits) return;
        const net = `${formatIP({ family: c.family, value: c.base })}/${c.prefix}`;
        const host = `${text.slice(0, text.indexOf("/"))}/${c.family === 4 ? 32 : 128}`;
        out.push({
          object: objectOf(lo),
          source: lo.locate(path),
          path: formatPath(path),
          message: `${formatPath(path)} is "${text}", which has host bits set: it is read as ${net}. If one host was meant, that is ${host}.`,
          fix: `${String(path[path.length - 1]).match(/^\d+$/) ? "- " : `${path[path.length - 1]}: `}${net}   # or ${host} for the single host`,
        });
      });
    }
    return out;
  },
};
