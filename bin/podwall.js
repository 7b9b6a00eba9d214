#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` / `npm run build`). In a checkout whose
// sources are newer than that build (or that has none), it runs the TypeScript sources
// through tsx instead, so a stale build never answers for edited code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const dist = new URL("../dist/cli/run.js", import.meta.url);
const srcDir = fileURLToPath(new URL("../src/", import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function tsxAvailable() {
  try {
    import.meta.resolve("tsx/esm/api");
    return true;
  } catch {
    return false;
  }
}

const built = existsSync(dist);
const stale = built && existsSync(srcDir) && newestMtime(srcDir) > statSync(dist).mtimeMs;
if (built && (!stale || !tsxAvailable())) {
  await import(dist.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cli/run.ts", import.meta.url).href);
}
