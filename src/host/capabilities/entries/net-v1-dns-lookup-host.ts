import { externalCall } from "./external-call.ts";

export const dnsLookupHost = externalCall("net/v1/dns_lookup_host", "DNSLookupHost", "string", "dnsLookupHost");
