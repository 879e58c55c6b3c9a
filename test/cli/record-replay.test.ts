// `wardenkit run --record-host-capabilities-interactions`: a session recorded against cluster
// objects (or another session) replays to the same answers, through `run` and a case file's
// `replay:`, and has the shape of kwctl's session files.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runWardenkit } from "../support/run-command.ts";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";

const FIXTURES = resolve("fixtures/pod-density");
const BINDING = join(FIXTURES, "binding-full-node.json");
const run = (...extra: string[]) => runWardenkit(["run", "pod-density", "--request", BINDING, "--settings", '{"eniMaxPods":true}', ...extra]);
const tempDir = () => mkdtempSync(join(tmpdir(), "wardenkit-record-"));

describe("wardenkit run --record-host-capabilities-interactions", () => {
  it("records the cluster's answers, which replay without --cluster to the identical AdmissionReview", async () => {
    const session = join(tempDir(), "session.yml");
    const recorded = await run("--cluster", join(FIXTURES, "cluster.yaml"), "--record-host-capabilities-interactions", session);
    expect(recorded.code).toBe(1);
    expect(JSON.parse(recorded.stdout).response.status.message).toMatch(/already runs 17 pods/);

    const replayed = await run("--replay-host-capabilities-interactions", session);
    expect(replayed).toEqual(recorded);
    expect(await run("--replay", session)).toEqual(recorded);
  });

  it("writes kwctl's session shape, which wardenkit's replay reader reads", async () => {
    const session = join(tempDir(), "session.yml");
    await run("--cluster", join(FIXTURES, "cluster.yaml"), "--record-host-capabilities-interactions", session);
    const exchanges = parse(readFileSync(session, "utf8")) as Array<Record<string, { type: string }> & { request: string }>;
    expect(exchanges.map((e) => Object.keys(e).sort())).toEqual([["request", "response", "type"], ["request", "response", "type"]]);
    expect(exchanges.map((e) => [e.type, Object.keys(e.response).sort()])).toEqual([
      ["Exchange", ["payload", "type"]], ["Exchange", ["payload", "type"]],
    ]);
    // The request is YAML text of its own, tagged with CallbackRequestType's variant, its fields snake_case.
    const [tag, ...body] = exchanges[0].request.split("\n");
    expect(tag).toBe("!KubernetesGetResource");
    expect(parse(body.join("\n"))).toEqual({
      api_version: "v1", kind: "Node", name: "ip-10-0-1-10.eu-west-1.compute.internal", disable_cache: false, field_masks: ["metadata.labels"],
    });
    expect(exchanges[1].request).toMatch(/^!KubernetesListResourceAll\n/);
    expect(ReplaySession.fromFile(session).remaining).toBe(2);
  });

  it("records an error answer without the callback prefix, so that it replays as the same error", async () => {
    const original = join(FIXTURES, "session-access-denied.yml");
    const session = join(tempDir(), "session.yml");
    const args = ["run", "pod-density", "--request", BINDING, "--settings", '{"maxPodsPerNode":50}'];
    const first = await runWardenkit([...args, "--replay", original, "--record-host-capabilities-interactions", session]);
    expect(JSON.parse(first.stdout).response.status.message).toMatch(/Callback evaluation failure: ApiError: pods is forbidden/);

    const [exchange] = parse(readFileSync(session, "utf8"));
    expect(exchange.response).toEqual({ type: "Error", message: parse(readFileSync(original, "utf8"))[0].response.message });
    expect(await runWardenkit([...args, "--replay", session])).toEqual(first);
  });

  it("is read back by a case file's replay:", async () => {
    const dir = tempDir();
    await run("--cluster", join(FIXTURES, "cluster.yaml"), "--record-host-capabilities-interactions", join(dir, "session.yml"));
    writeFileSync(join(dir, "cases.yaml"), [
      "policy: pod-density",
      "settings: {eniMaxPods: true}",
      "cases:",
      "  - name: the recorded binding",
      `    request: ${BINDING}`,
      "    replay: session.yml",
      "    expect: {allowed: false, message: 'already runs 17 pods, and its limit is 17'}",
    ].join("\n"));
    const test = await runWardenkit(["test", join(dir, "cases.yaml")]);
    expect(test.stdout.trim().split("\n").at(-1)).toBe("1 passed, 0 failed");
    expect(test.code).toBe(0);
  });

  it("is read back by a suite resource's replay:", async () => {
    const dir = tempDir();
    const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: "density-scheduled", namespace: "wardenkit-e2e-density" }, target: { kind: "Node", name: "full-node" } };
    writeFileSync(join(dir, "binding.json"), JSON.stringify({
      uid: "b1", kind: { group: "", version: "v1", kind: "Binding" }, resource: { group: "", version: "v1", resource: "pods" }, subResource: "binding",
      operation: "CREATE", namespace: "wardenkit-e2e-density", name: "density-scheduled", userInfo: {}, object: binding,
    }));
    // The settings of deploy/policy-set/pod-density.yaml, so that the suite's evaluation makes the recorded calls.
    await runWardenkit(["run", "pod-density", "--request", join(dir, "binding.json"), "--settings", '{"maxPodsPerNode":3}',
      "--cluster", resolve("fixtures/policy-set/cluster.yaml"), "--record-host-capabilities-interactions", join(dir, "session.yml")]);
    writeFileSync(join(dir, "suite.yaml"), [
      `policies: [${resolve("deploy/policy-set/pod-density.yaml")}]`,
      "modules: { 'registry://ghcr.io/wardenkit/policies/pod-density:v0.1.0': pod-density }",
      "resources:",
      "  - name: the recorded binding",
      "    subResource: binding",
      "    resource: pods",
      "    replay: session.yml",
      `    object: ${JSON.stringify(binding)}`,
      "    results: { pod-density: { result: fail, message: 'on node full-node: it already runs 3 pods' } }",
    ].join("\n"));
    const test = await runWardenkit(["test", join(dir, "suite.yaml")]);
    expect(test.stdout).toContain("ok   pod-density: the recorded binding\n");
    expect(test.code).toBe(0);
  });

  it("fails with exit 1 and leaves nothing half-written when the file cannot be written", async () => {
    const dir = tempDir();
    // A directory where the file should go: the write aside succeeds, the rename cannot.
    const target = join(dir, "session.yml");
    mkdirSync(target);
    const failed = await run("--cluster", join(FIXTURES, "cluster.yaml"), "--record-host-capabilities-interactions", target);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toMatch(new RegExp(`^wardenkit run: --record-host-capabilities-interactions: cannot write ${target}: it is a directory, not a file$`));
    expect(readdirSync(dir)).toEqual(["session.yml"]);
    expect(readdirSync(target)).toEqual([]);

    const underFile = join(dir, "cases.yaml");
    writeFileSync(underFile, "");
    const notADir = await run("--cluster", join(FIXTURES, "cluster.yaml"), "--record-host-capabilities-interactions", join(underFile, "session.yml"));
    expect(notADir.code).toBe(1);
    expect(notADir.stderr.trim()).toMatch(/^wardenkit run: --record-host-capabilities-interactions: cannot write .*cases.yaml\/session.yml: a part of the path is not a directory$/);
    expect(existsSync(join(underFile, "session.yml"))).toBe(false);
  });

  it("refuses both spellings of the replay flag at once", async () => {
    const session = join(FIXTURES, "session-binding-full-node.yml");
    const both = await run("--replay", session, "--replay-host-capabilities-interactions", session);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--replay is short for --replay-host-capabilities-interactions: give one of them/);
  });
});
