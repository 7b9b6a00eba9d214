// except-outside-cidr: an `except` that is not strictly inside its own `cidr`. It subtracts
// nothing (or everything), so the rule does not do what it says. The Kubernetes API rejects
// this for NetworkPolicy (podwall validate reports it); other kinds may let it through.

import { cidrWithin, parseCidr } from "../../model/ip.js";
import { allRules, cidrPeers, policyObject, ruleSource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const exceptOutsideCidr: LintCheck = {
  id: "except-outside-cidr",
  severity: "error",
  title: "except outside its cidr",
  help: "An `except` only subtracts from its own `cidr`. An except that lies outside the cidr removes nothing; one equal to it removes everything. Make each except a smaller block inside the cidr, or drop it.",
  run(ctx) {
    const out: RawFinding[] = [];
    for (const { policy, rule } of allRules(ctx.model.policies))
      for (const peer of cidrPeers(rule.peer)) {
        const c = parseCidr(peer.cidr);
        if (!c) continue;
        for (const e of peer.except) {
          const x = parseCidr(e);
          if (!x) continue;
          const inside = cidrWithin(x, c);
          if (inside && x.prefix > c.prefix) continue;
          out.push({
            object: policyObject(policy),
            source: ruleSource(policy, rule),
            path: rule.path,
            message: `${rule.path}: except ${e} ${inside ? `is all of ${peer.cidr}, so the block matches nothing` : `is outside ${peer.cidr}, so it excludes nothing`}.`,
            fix: `except: entries must be strictly inside the cidr, for example\n  cidr: ${peer.cidr}\n  except: [${inside ? "<a smaller block inside it>" : "<a block inside the cidr>"}]`,
          });
        }
      }
    return out;
  },
};
