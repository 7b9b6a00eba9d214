// Aligned plain-text tables.

export function table(rows: string[][], opts: { header?: string[]; gap?: number } = {}): string {
  const all = opts.header ? [opts.header, ...rows] : rows;
  const widths: number[] = [];
  for (const r of all) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const gap = " ".repeat(opts.gap ?? 2);
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length))).join(gap).trimEnd()).join("\n");
}
