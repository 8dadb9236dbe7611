import { outboundPolicyFor } from "../shared/outbound-policy";
import type { OutboundPolicy } from "../shared/outbound-policy";
import type { Config } from "./config";

/** The outbound policy of this installation, for every ProviderContext the Worker and OrgHub build. */
export function outboundPolicyOf(config: Config): OutboundPolicy {
  return outboundPolicyFor(config.ENVIRONMENT);
}
