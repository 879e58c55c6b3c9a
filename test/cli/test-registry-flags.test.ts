// `wardenkit test` pulls a suite's registry:// modules as `check` does: from a real
// distribution registry (Debian's docker-registry) over real HTTPS with a certificate from a
// private, openssl-made CA, reached only when --ca-file names that CA.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { pushPolicy } from "../../src/oci/push.ts";
import { makeCertificateAuthority, type TestCertificates } from "../support/certificate-authority.ts";
import { builtModulePath } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";

let ca: TestCertificates;
let registry: RunningRegistry;
let work: string;
let suite: string;

beforeAll(async () => {
  ca = makeCertificateAuthority();
  registry = await startRegistry({ tls: ca });
  work = mkdtempSync(join(tmpdir(), "wardenkit-test-registry-"));
  const module = `registry://${registry.host}/policies/required-labels:v1`;
  await pushPolicy(readFileSync(builtModulePath("required-labels")), module, { env: {}, caFile: ca.caPath });
  suite = join(work, "suite.yaml");
  writeFileSync(suite, stringify({
    policies: [{
      apiVersion: "policies.kubewarden.io/v1", kind: "ClusterAdmissionPolicy", metadata: { name: "owner" },
      spec: { module, mutating: false, settings: { requiredLabels: ["owner"] }, rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }] },
    }],
    resources: [{
      name: "a pod without an owner",
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" }, spec: { containers: [{ name: "web", image: "web:1" }] } },
      results: { owner: { result: "fail", message: "missing required labels owner" } },
    }],
  }));
});
afterAll(async () => {
  await registry?.stop();
  ca?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

// A cache of its own: nothing pulled before answers for the registry.
const env = () => ({ env: { ...process.env, DOCKER_CONFIG: work, WARDENKIT_CACHE_DIR: mkdtempSync(join(work, "cache-")) } });

describe("wardenkit test with a registry behind a private CA", () => {
  it("pulls the suite's module with --ca-file", async () => {
    const run = await runWardenkit(["test", suite, "--ca-file", ca.caPath, "-o", "json"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ policy: "owner", name: "a pod without an owner", passed: true, failures: [] })]);
  });

  // Without --ca-file, a loopback registry is spoken to over plain HTTP, which this one refuses.
  it("cannot pull it without", async () => {
    const run = await runWardenkit(["test", suite], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`module registry://${registry.host}/policies/required-labels:v1: `);
    expect(run.stderr).toContain("failed with HTTP 400: Client sent an HTTP request to an HTTPS server");
  });

  it("refuses a module larger than --max-module-size", async () => {
    const run = await runWardenkit(["test", suite, "--ca-file", ca.caPath, "--max-module-size", "0.001"], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is \d+ bytes, more than the module size limit of 1048 bytes; --max-module-size raises it/);
  });
});
