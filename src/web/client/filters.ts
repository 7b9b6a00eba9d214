// The label filter: `key=value`, `key!=value`, `key`, `!key`; empty matches everything.

export function labelFilter(text: string): (labels: Record<string, string>) => boolean {
  const t = text.trim();
  if (!t) return () => true;
  const ne = /^([^=!]+)!=(.*)$/.exec(t);
  if (ne) return (l) => l[ne[1]!.trim()] !== ne[2]!.trim();
  const eq = /^([^=!]+)==?(.*)$/.exec(t);
  if (eq) return (l) => Object.hasOwn(l, eq[1]!.trim()) && l[eq[1]!.trim()] === eq[2]!.trim();
  if (t.startsWith("!")) return (l) => !Object.hasOwn(l, t.slice(1).trim());
  return (l) => Object.hasOwn(l, t);
}
