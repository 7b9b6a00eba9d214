// Running the system tools the lab needs (ip, nft), with their errors as LabError.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";

/** Something the lab could not do; the message says what and why. */
export class LabError extends Error {}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Tools still running, so that an interrupted run can stop them before it cleans up. */
export const runningChildren = new Set<ChildProcess>();

export function run(cmd: string, args: string[], input?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    runningChildren.add(child);
    child.on("exit", () => runningChildren.delete(child));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => reject(new LabError(`cannot run ${cmd}: ${e.message}`)));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on("error", () => undefined); // the tool may exit before reading everything
    child.stdin.end(input ?? "");
  });
}

/** Run and fail with the tool's own message. */
export async function must(cmd: string, args: string[], input?: string, what?: string): Promise<string> {
  const r = await run(cmd, args, input);
  if (r.code !== 0) throw new LabError(`${what ?? `${cmd} ${args.join(" ")}`} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** Synchronous, for cleanup from a signal handler or at exit. */
export function runSync(cmd: string, args: string[], input?: string): ExecResult {
  const r = spawnSync(cmd, args, { encoding: "utf8", input });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error?.message ?? "") };
}

/** At most `limit` of the tasks at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
