// Cilium's DNS name matching, in one place: `toFQDNs` peers and `rules.dns` both use it
// (SEMANTICS §4.4; cilium pkg/fqdn/matchpattern). ClusterNetworkPolicy's `*.` rule is a
// different language and lives in match.ts (fqdnMatches).
//
// - matchName: the exact name, case-insensitive, trailing dot implied.
// - matchPattern: `*` is zero or more DNS characters inside one label (`*.x.io` matches
//   `a.x.io` but neither `x.io` nor `a.b.x.io`; `*x.io` matches `x.io`); a leading `**.`
//   is one or more whole labels (`**.x.io` matches `a.b.x.io` but not `x.io`); a pattern of
//   stars alone matches every name.

export interface DnsSelector {
  matchName?: string;
  matchPattern?: string;
}

const DNS_CHARS = "[-a-zA-Z0-9_]";

/** Lower case with the trailing dot: the form Cilium compares. */
function canonicalName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith(".") ? n : `${n}.`;
}

function isAllStars(pattern: string): boolean {
  const p = pattern.endsWith(".") ? pattern.slice(0, -1) : pattern;
  return p.length > 0 && /^\*+$/.test(p);
}

const regexCache = new Map<string, RegExp>();

/** The anchored regular expression Cilium builds for a matchPattern. */
function patternRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  const p = pattern.trim().toLowerCase();
  if (isAllStars(p)) re = new RegExp(`^(${DNS_CHARS}+[.])+$`);
  else {
    const canon = canonicalName(p);
    let out = "";
    let i = 0;
    const lead = /^\*{2,}\./.exec(canon);
    if (lead) {
      out += `${DNS_CHARS}+([.]${DNS_CHARS}+)*[.]`;
      i = lead[0].length;
    }
    for (; i < canon.length; i++) {
      const c = canon[i]!;
      if (c === ".") out += "[.]";
      else if (c === "*") {
        while (canon[i + 1] === "*") i++;
        out += `${DNS_CHARS}*`;
      } else out += c.replace(/[\\^$+?()|{}[\]]/g, "\\$&");
    }
    re = new RegExp(`^${out}$`);
  }
  regexCache.set(pattern, re);
  return re;
}

export function dnsSelectorMatches(sel: DnsSelector, name: string): boolean {
  const n = canonicalName(name);
  if (sel.matchName !== undefined && canonicalName(sel.matchName) === n) return true;
  if (sel.matchPattern !== undefined && patternRegex(sel.matchPattern).test(n)) return true;
  return false;
}

/**
 * IR `fqdn` peers with Cilium syntax hold each selector as text: a name without `*` is a
 * matchName (Cilium forbids `*` there), anything else a matchPattern.
 */
export function ciliumPatternMatches(pattern: string, name: string): boolean {
  return pattern.includes("*") ? dnsSelectorMatches({ matchPattern: pattern }, name) : dnsSelectorMatches({ matchName: pattern }, name);
}

export function describeDnsSelector(sel: DnsSelector): string {
  return sel.matchName !== undefined ? `name ${sel.matchName}` : `pattern ${sel.matchPattern}`;
}

/** Cilium's syntax checks (matchpattern.Validate, fqdn.go): why the text is refused, or undefined. */
export function dnsSelectorProblem(field: "matchName" | "matchPattern", value: string): string | undefined {
  if (value.trim().length > 255) return `${field} must be at most 255 characters`;
  const allowed = field === "matchName" ? /^[-a-zA-Z0-9_.]+$/ : /^[-a-zA-Z0-9_.*]+$/;
  if (!allowed.test(value.trim()))
    return field === "matchName"
      ? `${field} "${value}" may contain only letters, digits, "-", "_" and "." (use matchPattern for "*")`
      : `${field} "${value}" may contain only letters, digits, "-", "_", "." and "*"`;
  return undefined;
}
