// Observed flows in: Hubble (`hubble observe -o json`, one JSON object per line, either the
// GetFlowsResponse shape `{"flow": {...}}` or a bare flow) and a plain CSV
// `source,destination,protocol,port` (a header line is optional; ends as in `podwall assert`).
// Parsing is pure; readFlowFile does the I/O.

import { readFileSync } from "node:fs";
import type { Protocol } from "../model/ir.js";
import type { Diagnostic } from "../model/source.js";

export interface FlowEnd {
  /** CSV: the text as written. */
  text?: string;
  namespace?: string;
  pod?: string;
  /** Hubble: the owning workload's name, a fallback when the pod itself is gone. */
  workload?: string;
  ip?: string;
}

export interface ObservedFlow {
  /** Line of the first occurrence; identical flows are merged. */
  line: number;
  count: number;
  src: FlowEnd;
  dst: FlowEnd;
  protocol: Protocol;
  port: number;
  /** What the dataplane did, when the log says (Hubble `verdict`). */
  observed: string[];
}

export interface FlowFile {
  format: "hubble" | "csv";
  flows: ObservedFlow[];
  /** Lines read but not flows to judge, by reason (replies, ICMP, …). */
  skipped: Record<string, number>;
  diagnostics: Diagnostic[];
}

const PROTO: Record<string, Protocol> = { TCP: "TCP", UDP: "UDP", SCTP: "SCTP" };

function merge(into: Map<string, ObservedFlow>, f: ObservedFlow): void {
  const key = JSON.stringify([f.src, f.dst, f.protocol, f.port]);
  const had = into.get(key);
  if (!had) into.set(key, f);
  else {
    had.count++;
    for (const o of f.observed) if (!had.observed.includes(o)) had.observed.push(o);
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function hubbleEnd(ep: Json | undefined, ip: unknown): FlowEnd {
  const end: FlowEnd = {};
  if (str(ep?.namespace)) end.namespace = str(ep!.namespace);
  if (str(ep?.pod_name)) end.pod = str(ep!.pod_name);
  const wl = Array.isArray(ep?.workloads) ? obj(ep!.workloads[0]) : undefined;
  if (str(wl?.name)) end.workload = str(wl!.name);
  if (str(ip)) end.ip = str(ip);
  return end;
}

export function parseHubble(text: string, file: string): FlowFile {
  const out = new Map<string, ObservedFlow>();
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      diagnostics.push({ severity: "error", source: { file, line, col: 1 }, message: `not a JSON object: ${(e as Error).message}` });
      return;
    }
    const top = obj(v);
    const flow = obj(top?.flow) ?? top;
    if (!flow) return void diagnostics.push({ severity: "error", source: { file, line, col: 1 }, message: "expected a Hubble flow object" });
    if (!top?.flow && !flow.IP && !flow.l4) return skip("not a flow (agent or debug event)");
    // Policy decides at connection setup; a reply belongs to a connection already judged.
    if (flow.is_reply === true || flow.reply === true) return skip("reply packets");
    const l4 = obj(flow.l4);
    const protoKey = l4 ? Object.keys(l4).find((k) => PROTO[k]) : undefined;
    if (!protoKey) return skip(l4 ? `non-TCP/UDP/SCTP (${Object.keys(l4).join(", ") || "no L4"})` : "no L4 information");
    const port = Number(obj(l4![protoKey])?.destination_port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return skip("no destination port");
    const ip = obj(flow.IP);
    const verdict = str(flow.verdict);
    merge(out, { line, count: 1, src: hubbleEnd(obj(flow.source), ip?.source), dst: hubbleEnd(obj(flow.destination), ip?.destination), protocol: PROTO[protoKey]!, port, observed: verdict ? [verdict] : [] });
  });
  return { format: "hubble", flows: [...out.values()], skipped, diagnostics };
}

function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") cells.push(cur.trim()), (cur = "");
    else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

export function parseFlowCsv(text: string, file: string): FlowFile {
  const out = new Map<string, ObservedFlow>();
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.trimStart().startsWith("#")) return;
    const cells = csvCells(raw);
    if (i === 0 && /^(source|src|from)$/i.test(cells[0] ?? "")) return; // header
    const err = (message: string) => diagnostics.push({ severity: "error", source: { file, line, col: 1 }, message });
    if (cells.length < 4) return err(`expected source,destination,protocol,port; got ${cells.length} field(s)`);
    const protocol = PROTO[cells[2]!.toUpperCase()];
    if (!protocol) return err(`protocol must be TCP, UDP or SCTP, got "${cells[2]}"`);
    const port = Number(cells[3]);
    if (!/^\d+$/.test(cells[3]!) || port < 1 || port > 65535) return err(`port must be 1-65535, got "${cells[3]}"`);
    if (!cells[0] || !cells[1]) return err("source and destination are required");
    merge(out, { line, count: 1, src: { text: cells[0] }, dst: { text: cells[1] }, protocol, port, observed: cells[4] ? [cells[4]] : [] });
  });
  return { format: "csv", flows: [...out.values()], skipped: {}, diagnostics };
}

/** Hubble when the first non-blank character opens a JSON object; CSV otherwise. */
export function parseFlows(text: string, file: string, format?: "hubble" | "csv"): FlowFile {
  const f = format ?? (text.trimStart().startsWith("{") ? "hubble" : "csv");
  return f === "hubble" ? parseHubble(text, file) : parseFlowCsv(text, file);
}

export function readFlowFile(path: string, format?: "hubble" | "csv"): FlowFile {
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { format: format ?? "csv", flows: [], skipped: {}, diagnostics: [{ severity: "error", source: { file: path, line: 0, col: 0 }, message: `cannot read: ${code === "ENOENT" ? "no such file" : (e as Error).message}` }] };
  }
  return parseFlows(text, path === "-" ? "<stdin>" : path, format);
}
