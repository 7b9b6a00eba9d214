// The Node side of the socket helper (helper-script.ts): one python3 process per lab, driven
// over stdin/stdout with JSON lines; requests are matched to replies by id.

import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { HELPER_SCRIPT } from "./helper-script.js";
import { LabError } from "./exec.js";

export type L4 = "tcp" | "udp" | "sctp";

export interface HelperReply {
  id: number;
  ok: boolean;
  why?: string;
  error?: string;
}

export class SocketHelper {
  private child: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private pending = new Map<number, (r: HelperReply) => void>();
  private exited: string | undefined;
  private stderr = "";

  constructor() {
    this.child = spawn("python3", ["-u", "-c", HELPER_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.child.stdin.on("error", () => undefined);
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      let r: HelperReply;
      try {
        r = JSON.parse(line) as HelperReply;
      } catch {
        return;
      }
      const done = this.pending.get(r.id);
      this.pending.delete(r.id);
      done?.(r);
    });
    this.child.on("exit", (code, signal) => {
      this.exited = `the socket helper exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim()}` : ""}`;
      for (const [id, done] of this.pending) done({ id, ok: false, error: this.exited });
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(msg: Record<string, unknown>): Promise<HelperReply> {
    if (this.exited) return Promise.reject(new LabError(this.exited));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ ...msg, id })}\n`);
    });
  }

  async listen(ns: string, proto: L4, port: number): Promise<void> {
    const r = await this.request({ op: "listen", ns, proto, port });
    if (!r.ok) throw new LabError(`cannot serve ${proto.toUpperCase()}/${port} in ${ns}: ${r.error ?? r.why}`);
  }

  async probe(ns: string, ip: string, proto: L4, port: number, timeoutSeconds: number): Promise<{ ok: boolean; why: string }> {
    const r = await this.request({ op: "probe", ns, ip, proto, port, timeout: timeoutSeconds });
    if (r.error) throw new LabError(`probe from ${ns} to ${ip} ${proto}/${port}: ${r.error}`);
    return { ok: r.ok, why: r.why ?? "" };
  }

  async sctpWorks(ns: string): Promise<boolean> {
    return (await this.request({ op: "sctp", ns })).ok;
  }

  /** Ends the helper; its sockets (which keep namespaces alive) close with it. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
