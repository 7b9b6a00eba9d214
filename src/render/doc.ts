// A tiny document model (headings, paragraphs, tables, lists) so that one report can be
// written once and rendered as Markdown or HTML. Text is plain; renderers escape it.

export type Block =
  | { type: "h"; level: 1 | 2 | 3; text: string }
  | { type: "p"; text: string }
  | { type: "table"; header: string[]; rows: string[][] }
  | { type: "list"; items: string[] }
  | { type: "code"; text: string };

/** Markdown: table cells escape `|` and newlines; other text is written as is. */
export function docToMarkdown(blocks: Block[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "h":
        out.push(`${"#".repeat(b.level)} ${b.text}`);
        break;
      case "p":
        out.push(b.text);
        break;
      case "table":
        out.push([`| ${b.header.map(cell).join(" | ")} |`, `|${b.header.map(() => "---").join("|")}|`, ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n"));
        break;
      case "list":
        out.push(b.items.map((i) => `- ${i.replace(/\n/g, "\n  ")}`).join("\n"));
        break;
      case "code":
        out.push(`\`\`\`\n${b.text}\n\`\`\``);
        break;
    }
  }
  return `${out.join("\n\n")}\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A standalone HTML page; every piece of text goes through escapeHtml. */
export function docToHtml(title: string, blocks: Block[]): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "h":
        body.push(`<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`);
        break;
      case "p":
        body.push(`<p>${escapeHtml(b.text)}</p>`);
        break;
      case "table":
        body.push(`<table><thead><tr>${b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`);
        break;
      case "list":
        body.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`);
        break;
      case "code":
        body.push(`<pre>${escapeHtml(b.text)}</pre>`);
        break;
    }
  }
  const style = "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}li{white-space:pre-wrap}";
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}
