// The Calico kinds, for the registry: the two policy kinds and the objects they refer to.

import { calicoSupportObjects } from "./objects.js";
import { calicoGlobalNetworkPolicy, calicoNetworkPolicy } from "./policy.js";

export const CALICO_KINDS = [calicoNetworkPolicy, calicoGlobalNetworkPolicy, calicoSupportObjects];
