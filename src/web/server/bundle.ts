// Bundle the client (page script, worker, styles) with esbuild, from the TypeScript sources,
// once per process. Building on the fly keeps `npm ci && npm test` and a fresh checkout
// working without a separate build step; it takes well under a second.

import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Assets } from "./page.js";

/** src/web/client, from src/web/server or from dist/web/server. */
export function clientDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["../client", "../../../src/web/client"]) {
    const p = join(here, up);
    if (existsSync(join(p, "main.ts"))) return p;
  }
  throw new Error("the web client sources (src/web/client) are missing from this installation");
}

async function bundle(entry: string): Promise<string> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}

let cached: Promise<Assets> | undefined;

export function webAssets(): Promise<Assets> {
  cached ??= (async () => {
    const dir = clientDir();
    const [app, worker] = await Promise.all([bundle(join(dir, "main.ts")), bundle(join(dir, "worker.ts"))]);
    return { app, worker, css: readFileSync(join(dir, "styles.css"), "utf8") };
  })();
  return cached;
}
