// podwall serve: the page on http://127.0.0.1:PORT/. The server sends the page once (the
// input texts inside it); the engine then runs in the browser and nothing else is requested.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { webAssets } from "../web/server/bundle.js";
import { renderPage } from "../web/server/page.js";
import { UserError } from "./exit-codes.js";
import { pageData } from "./page-input.js";
import { inputOptions } from "./options.js";
import type { RegisterCommand } from "./commands.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const registerServe: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("serve")
      .description("Open the policies in the browser: graph, matrix, traces and what-if, computed in the page. Binds 127.0.0.1.")
      .option("--port <n>", "port to listen on (0: any free port)", "8420")
      .option("--host <address>", "address to bind (default 127.0.0.1; anything else exposes the cluster data)", "127.0.0.1"),
  ).action(async (opts) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port "${opts.port}": expected 0-65535`);
    const { data, notes } = pageData(opts);
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    const { html, csp } = await renderPage(await webAssets(), data);
    const host: string = opts.host;
    if (!LOOPBACK.has(host)) process.stderr.write(`warning: --host ${host}: anyone who can reach this address can read the cluster data in the page\n`);
    const server = createServer((req, res) => {
      const headers = { "Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Frame-Options": "DENY" };
      // A page on another site cannot reach this one by renaming a host (DNS rebinding).
      const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
      if (LOOPBACK.has(host) && !LOOPBACK.has(hostHeader)) {
        res.writeHead(403, { ...headers, "Content-Type": "text/plain" }).end("podwall serve answers only to localhost\n");
        return;
      }
      if ((req.method === "GET" || req.method === "HEAD") && (req.url === "/" || req.url === "/index.html")) {
        res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" }).end(req.method === "HEAD" ? undefined : html);
        return;
      }
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end("not found\n");
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new UserError(e.code === "EADDRINUSE" ? `port ${port} is in use: choose another with --port N, or --port 0 for any free port` : `cannot listen on ${host}:${port}: ${e.message}`)),
      );
      server.listen(port, host, () => resolve());
    });
    const real = (server.address() as AddressInfo).port;
    const shown = host.includes(":") ? `[${host}]` : host;
    process.stdout.write(`podwall serve: http://${shown}:${real}/  (${data.files.length} file(s); Ctrl-C to stop)\n`);
  });
};
