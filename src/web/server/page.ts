// The page as one HTML document: the input texts as JSON in a non-executing script element,
// the worker's code likewise, the style and the app script inline and pinned by hash in a
// strict Content-Security-Policy. The same document is served by `podwall serve` and written
// by `podwall report --html`; it loads nothing from anywhere.

import type { PageData } from "../client/protocol.js";

export interface Assets {
  app: string;
  worker: string;
  css: string;
}

/** JSON that cannot close its script element or open a comment: `<` is written \u003c. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Code that cannot close its script element (esbuild escapes these already; this is a guard). */
export function scriptSafeCode(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** `frame-ancestors` only counts in the HTTP header (a <meta> policy cannot carry it). */
export function contentSecurityPolicy(hashes: { script: string; style: string }, header = false): string {
  const rules = [
    "default-src 'none'",
    `script-src '${hashes.script}'`,
    `style-src '${hashes.style}'`,
    "worker-src blob:",
    "img-src data: blob:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (header) rules.push("frame-ancestors 'none'");
  return rules.join("; ");
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  let bin = "";
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return `sha256-${btoa(bin)}`;
}

/** The document, and the policy to send as its Content-Security-Policy header. */
export async function renderPage(assets: Assets, data: PageData): Promise<{ html: string; csp: string }> {
  const app = scriptSafeCode(assets.app);
  const css = assets.css.replace(/<\/(style)/gi, "<\\/$1");
  const hashes = { script: await sha256(app), style: await sha256(css) };
  const csp = contentSecurityPolicy(hashes);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>podwall — ${escapeHtml(data.title)}</title>
<style id="__________cytoscape_stylesheet">${css}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="podwall-data">${scriptSafeJson(data)}</script>
<script type="text/plain" id="podwall-worker">${scriptSafeCode(assets.worker)}</script>
<script type="module">${app}</script>
</body>
</html>
`;
  return { html, csp: contentSecurityPolicy(hashes, true) };
}
