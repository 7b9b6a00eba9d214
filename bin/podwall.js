#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` / `npm run build`); in a checkout
// without a build it runs the TypeScript sources through tsx.
import { existsSync } from "node:fs";

const dist = new URL("../dist/cli/run.js", import.meta.url);
if (existsSync(dist)) {
  await import(dist.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cli/run.ts", import.meta.url).href);
}
