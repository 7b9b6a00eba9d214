// What each lab run created, written down BEFORE it is created, so that `podwall lab clean`
// (after a crash or kill -9) removes exactly that and nothing else. Everything the lab makes
// (links, addresses, nftables tables) lives inside its own namespaces, so the namespaces are
// the whole record. One JSON file per run under /run/podwall-lab.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runSync } from "./exec.js";

export const LEDGER_DIR = process.env.PODWALL_LAB_STATE ?? "/run/podwall-lab";

export interface LedgerEntry {
  runId: string;
  pid: number;
  started: string;
  namespaces: string[];
}

const fileOf = (runId: string) => join(LEDGER_DIR, `${runId}.json`);

export function record(entry: LedgerEntry): void {
  mkdirSync(LEDGER_DIR, { recursive: true });
  writeFileSync(fileOf(entry.runId), `${JSON.stringify(entry)}\n`);
}

export function forget(runId: string): void {
  rmSync(fileOf(runId), { force: true });
}

export function readLedger(): LedgerEntry[] {
  let names: string[];
  try {
    names = readdirSync(LEDGER_DIR).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const out: LedgerEntry[] = [];
  for (const n of names) {
    try {
      out.push(JSON.parse(readFileSync(join(LEDGER_DIR, n), "utf8")) as LedgerEntry);
    } catch {
      // a half-written file: its run had created nothing yet
      rmSync(join(LEDGER_DIR, n), { force: true });
    }
  }
  return out;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function existingNamespaces(): Set<string> {
  const r = runSync("ip", ["netns", "list"]);
  return new Set(r.stdout.split("\n").map((l) => l.split(" ")[0]!).filter(Boolean));
}

/** Delete the namespaces (their links and tables go with them); returns those removed. */
export function removeNamespaces(names: readonly string[]): { removed: string[]; failed: string[] } {
  const present = existingNamespaces();
  const todo = names.filter((ns) => present.has(ns));
  if (!todo.length) return { removed: [], failed: [] };
  // One `ip` for all of them (-force: go on past a failure); then look at what is left.
  runSync("ip", ["-force", "-batch", "-"], todo.map((ns) => `netns delete ${ns}`).join("\n") + "\n");
  const left = existingNamespaces();
  return { removed: todo.filter((ns) => !left.has(ns)), failed: todo.filter((ns) => left.has(ns)) };
}
