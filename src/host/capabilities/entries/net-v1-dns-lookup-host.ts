import { replayOnly } from "./replay-only.ts";

export const dnsLookupHost = replayOnly("net/v1/dns_lookup_host", "DNSLookupHost", "string", "host");
