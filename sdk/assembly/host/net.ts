// Resolving host names through Kubewarden's `net/v1/dns_lookup_host` host
// capability (answers cached by the host for 60 s).
import { callJson, missingField } from "./json-call";
import { jsonString } from "../json/write";

/**
 * The IPv4 and IPv6 addresses of a host when `ok`, else `error`, the first line of the host's message.
 *
 * @example
 * const found = dnsLookupHost("registry.internal");
 * if (found.ok && found.ips.includes(address)) return accept();
 */
export class DnsLookupResult {
  constructor(readonly ok: bool, readonly ips: string[], readonly error: string) {}
}

/**
 * Looks `host` up in DNS.
 *
 * @example
 * const found = dnsLookupHost("registry.internal");
 * if (!found.ok) return reject("registry.internal could not be resolved: " + found.error, CODE_INTERNAL_ERROR);
 */
export function dnsLookupHost(host: string): DnsLookupResult {
  const answer = callJson("net", "v1/dns_lookup_host", jsonString(host));
  if (!answer.ok) return new DnsLookupResult(false, [], answer.error);
  const list = answer.value.get("ips");
  const ips = new Array<string>();
  for (let i = 0, n = list.length; i < n; i++) {
    const ip = list.at(i).asString();
    if (ip !== null) ips.push(ip);
  }
  if (!list.isArray || ips.length != list.length) return new DnsLookupResult(false, [], missingField("v1/dns_lookup_host", "a list of addresses"));
  return new DnsLookupResult(true, ips, "");
}
