import { replayOnly } from "./replay-only.ts";

// The guest sends the host name; kwctl records it as `host: <name>`.
export const dnsLookupHost = replayOnly("net/v1/dns_lookup_host", "DNSLookupHost", "string", (host) => ({ host }));
