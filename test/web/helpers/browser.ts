// Debian's chromium driven by playwright-core, for the web UI's tests. Without a browser the
// tests skip with a message; under CI=true they fail instead (.ci/run installs chromium).

import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import type { BrowserContext } from "playwright-core";
import { ROOT } from "../../helpers/cli.js";

export const CHROMIUM = process.env.PODWALL_CHROMIUM ?? "/usr/bin/chromium";
export const OUT = join(ROOT, "test-output", "web");

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `no chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.CI === "true") throw new Error(`browser tests cannot run under CI: ${why}`);
  return `skipped: ${why}`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(colorScheme: "light" | "dark" = "light"): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  const dir = mkdtempSync(join(tmpdir(), "podwall-chromium-"));
  mkdirSync(OUT, { recursive: true });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    colorScheme,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): void;
}

/** `podwall serve --port 0 ARGS…`, resolved once it prints its URL. */
export function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/run.ts"), "serve", "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve printed no URL in 60 s: ${out} ${err}`));
    }, 60_000);
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /(http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stop: () => child.kill() });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
  });
}
