import { externalCall } from "./external-call.ts";

// The guest sends the host name; kwctl records it as `host: <name>`.
export const dnsLookupHost = externalCall("net/v1/dns_lookup_host", "DNSLookupHost", "string", "dnsLookupHost", (host) => ({ host }));
