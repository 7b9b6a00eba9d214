// Before the lab touches anything: root, and the tools it drives. Each failure says why.

import { runSync } from "./exec.js";

export interface Preflight {
  ok: boolean;
  problems: string[];
}

export function labPreflight(): Preflight {
  const problems: string[] = [];
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    problems.push("the lab needs root: it creates network namespaces, veth links and nftables rules (run it with sudo; it changes nothing outside the namespaces it creates)");
  if (process.platform !== "linux") problems.push("the lab needs Linux (network namespaces and nftables)");
  const tools: [string, string[], string][] = [
    ["ip", ["-V"], "iproute2"],
    ["nft", ["--version"], "nftables"],
    ["python3", ["-c", "import ctypes, selectors"], "python3 (the lab's socket helper)"],
  ];
  for (const [cmd, args, pkg] of tools) {
    const r = runSync(cmd, args);
    if (r.code !== 0) problems.push(`\`${cmd}\` is missing or broken: install ${pkg}`);
  }
  return { ok: problems.length === 0, problems };
}
