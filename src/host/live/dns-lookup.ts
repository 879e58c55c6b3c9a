// `net/v1/dns_lookup_host` through the system resolver (getaddrinfo, as Rust's
// lookup_host in policy-evaluator), every address, IPv4 and IPv6.
import { lookup } from "node:dns/promises";

/** policy-evaluator's answer: `{"ips": [...]}`; a failure is an error naming the host. */
export async function dnsLookupHost(host: string): Promise<{ ips: string[] }> {
  try {
    const addresses = await lookup(host, { all: true, order: "verbatim" });
    return { ips: addresses.map((a) => a.address) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot resolve host name '${host}': ${code === "ENOTFOUND" ? "no such host" : (err as Error).message}`);
  }
}
