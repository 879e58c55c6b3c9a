// `make kind-dev` points the Kind cluster at a local `wardenkit serve`; DRY_RUN=1
// prints what it would run, which is what can be checked without a Docker engine.
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/run-command.ts";

describe("make kind-dev", () => {
  it("registers the webhooks of a server advertised at the Kind network's gateway", async () => {
    const run = await runCommand("make", ["-s", "kind-dev", "DRY_RUN=1", "KIND_HOST=172.18.0.1"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "kubectl config current-context",
      "node bin/wardenkit.mjs serve --register --address 0.0.0.0 --advertise-host 172.18.0.1 --port 8443",
    ]);
  });

  it("passes a policies.yml and port through", async () => {
    const run = await runCommand("make", ["-s", "kind-dev", "DRY_RUN=1", "KIND_HOST=172.18.0.1", "SERVE_PORT=9443", "SERVE_CONFIG=policies.yml"]);
    expect(run.stdout).toContain("serve --register --address 0.0.0.0 --advertise-host 172.18.0.1 --port 9443 --config policies.yml");
  });
});
