// A registry reached by a name that is not a loopback name is spoken to over HTTPS, and
// over plain HTTP only when the caller says --insecure.
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { testModule } from "../support/wasm.ts";

const anonymous = { env: {} };
const name = hostname();
let registry: RunningRegistry | undefined;
let skipReason = "";

beforeAll(async () => {
  // The machine's own host name usually resolves to one of its addresses (often 127.0.1.1);
  // the registry listens there, so the name reaches it without being a loopback name.
  const address = await lookup(name, { family: 4 }).then((a) => a.address, () => undefined);
  if (!address || name === "localhost") skipReason = `the host name '${name}' does not resolve to an IPv4 address`;
  else registry = await startRegistry({ address });
});
afterAll(async () => {
  await registry?.stop();
});

describe("plain HTTP to a non-loopback name", () => {
  it("is refused without --insecure and works with it", async (context) => {
    if (!registry) {
      console.log(`skipping the --insecure test: ${skipReason}`);
      return context.skip();
    }
    const target = `${name}:${registry.port}/policies/insecure:v1`;
    await expect(pushPolicy(testModule(), target, anonymous)).rejects.toThrow(`cannot reach the registry at ${name}:${registry.port} (TLS failed: it does not answer HTTPS; plain HTTP needs --insecure)`);
    const pushed = await pushPolicy(testModule(), target, { ...anonymous, insecure: true });
    expect((await pullPolicy(target, { ...anonymous, insecure: true })).digest).toBe(pushed.digest);
  });
});
