// The diff as Markdown for a pull-request comment: the summaries a reviewer reads first, then
// the changes grouped by namespace and workload, each with the rule behind it.

import type { DiffReport, FlowChange } from "../analysis/diff.js";
import type { Block } from "./doc.js";
import { docToMarkdown } from "./doc.js";
import { rulesText } from "./evidence-text.js";

interface Group {
  from: string;
  to: string;
  port: string;
  pairs: number;
  why: string;
}

function grouped(changes: FlowChange[]): Map<string, Group[]> {
  const byKey = new Map<string, Group & { ns: string }>();
  for (const c of changes) {
    const port = `${c.protocol}/${c.port}`;
    const key = JSON.stringify([c.fromWorkload, c.toWorkload, port]);
    const g = byKey.get(key);
    if (g) g.pairs++;
    else byKey.set(key, { ns: c.toWorkload === "internet" ? c.fromWorkload.split("/")[0]! : c.toWorkload.split("/")[0]!, from: c.fromWorkload, to: c.toWorkload, port, pairs: 1, why: rulesText(c.now) });
  }
  const byNs = new Map<string, Group[]>();
  for (const g of [...byKey.values()].sort((a, b) => a.ns.localeCompare(b.ns) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))) byNs.set(g.ns, [...(byNs.get(g.ns) ?? []), g]);
  return byNs;
}

function changeBlocks(title: string, changes: FlowChange[]): Block[] {
  const b: Block[] = [{ type: "h", level: 2, text: `${title} (${changes.length})` }];
  if (!changes.length) return [...b, { type: "p", text: "None." }];
  for (const [ns, groups] of grouped(changes)) {
    b.push({ type: "h", level: 3, text: `namespace ${ns}` });
    b.push({ type: "table", header: ["From", "To", "Port", "Pod pairs", "Because (head)"], rows: groups.map((g) => [g.from, g.to, g.port, String(g.pairs), g.why]) });
  }
  return b;
}

export function diffDoc(d: DiffReport, labels: { base: string; head: string }): Block[] {
  const s = d.summaries;
  const allowed = d.changes.filter((c) => c.kind === "allowed");
  const blocked = d.changes.filter((c) => c.kind === "blocked");
  const mark = (n: number) => (n ? `**${n}**` : "0");
  const b: Block[] = [
    { type: "h", level: 1, text: `podwall diff: ${labels.base} → ${labels.head}` },
    {
      type: "table",
      header: ["What a reviewer should know", "Flows"],
      rows: [
        ["Newly reachable from outside the cluster", mark(s.newlyExposed.length)],
        ["Newly reaching the internet", mark(s.newlyReachesInternet.length)],
        ["DNS newly blocked", mark(s.dnsNewlyBlocked.length)],
        ["New cross-namespace access", mark(s.newCrossNamespace.length)],
        ["kube-system newly reachable (beyond DNS)", mark(s.kubeSystemNewlyReachable.length)],
        ["All newly allowed / newly blocked", `${allowed.length} / ${blocked.length}`],
      ],
    },
    { type: "p", text: `Pods: ${d.pods.common} on both sides${d.pods.added.length ? `; added: ${d.pods.added.join(", ")}` : ""}${d.pods.removed.length ? `; removed: ${d.pods.removed.join(", ")}` : ""}. Pods on one side only are not counted as flow changes.` },
  ];
  const attention: [string, FlowChange[]][] = [
    ["Newly reachable from outside the cluster", s.newlyExposed],
    ["Newly reaching the internet", s.newlyReachesInternet],
    ["DNS newly blocked", s.dnsNewlyBlocked],
    ["New cross-namespace access", s.newCrossNamespace],
    ["kube-system newly reachable", s.kubeSystemNewlyReachable],
  ];
  for (const [title, list] of attention)
    if (list.length) b.push({ type: "h", level: 3, text: title }, { type: "list", items: list.slice(0, 20).map((c) => `${c.from} -> ${c.to} ${c.protocol}/${c.port} — ${rulesText(c.now)}`).concat(list.length > 20 ? [`… and ${list.length - 20} more (-o json lists all)`] : []) });
  return [...b, ...changeBlocks("Newly allowed", allowed), ...changeBlocks("Newly blocked", blocked)];
}

export function diffMarkdown(d: DiffReport, labels: { base: string; head: string }): string {
  return docToMarkdown(diffDoc(d, labels));
}
