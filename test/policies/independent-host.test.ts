// The built modules are plain waPC guests: the independent npm host @wapc/host
// runs them too.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { instantiate } from "@wapc/host";
import { PROJECT } from "../support/project.ts";
import { builtModulePath } from "../support/policies.ts";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const encode = (s: string) => new TextEncoder().encode(s);

describe("@wapc/host", () => {
  it("runs required-labels: protocol_version, validate_settings and validate", async () => {
    const logs: string[] = [];
    const host = await instantiate(readFileSync(builtModulePath("required-labels")), (binding: string, namespace: string, operation: string, payload: Uint8Array) => {
      logs.push(`${binding}/${namespace}/${operation}:${decode(payload)}`);
      return new Uint8Array(0);
    });
    expect(decode(await host.invoke("protocol_version", new Uint8Array(0)))).toBe('"v1"');
    expect(JSON.parse(decode(await host.invoke("validate_settings", encode('{"requiredLabels":[7]}'))))).toEqual({
      valid: false,
      message: "requiredLabels[0] must be a string, not number 7",
    });
    const review = JSON.parse(readFileSync(join(PROJECT.folders.fixtures, "required-labels/create-pod-unlabelled.json"), "utf8"));
    const answer = JSON.parse(decode(await host.invoke("validate", encode(JSON.stringify({ request: review.request, settings: { requiredLabels: ["owner"] } })))));
    expect(answer).toEqual({ accepted: false, message: "Pod shop/checkout-7d9f8 is missing required labels owner" });
    await expect(host.invoke("nope", new Uint8Array(0))).rejects.toThrow(/unknown operation 'nope'/);
    expect(logs).toEqual([]);
  });
});
