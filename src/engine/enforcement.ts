// Whether the CNI profile enforces a policy at all, and if not, the words for the trace:
// a policy of a family the CNI ignores, or one that needs a feature it lacks (a
// ClusterNetworkPolicy on a CNI that only knows v1alpha1 AdminNetworkPolicy), has no effect.

import type { PolicyIR } from "../model/ir.js";
import type { CniProfile } from "../model/profile.js";
import { FEATURE_HELP } from "../model/profile.js";

/** undefined when the profile enforces `p`; otherwise why not. */
export function notEnforcedReason(profile: CniProfile, p: PolicyIR): string | undefined {
  if (!profile.enforces.includes(p.family))
    return profile.enforces.length === 0 ? `CNI profile ${profile.name} enforces no policy at all (${profile.title})` : `CNI profile ${profile.name} does not enforce ${p.family} policies`;
  const missing = (p.requires ?? []).filter((f) => !profile.features[f]);
  if (missing.length) return `CNI profile ${profile.name} does not support ${missing.map((f) => FEATURE_HELP[f]).join("; ")}`;
  return undefined;
}
