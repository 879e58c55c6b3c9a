// `wardenkit vap` as a team runs it: a folder of a VAP, its binding and its parameter object
// becomes a policy folder, a module and a manifest in a project, which `wardenkit check`
// then runs; bad input stops it with one line and nothing written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { Project } from "../../src/project/project.ts";
import { projectCopy } from "../support/project-copy.ts";
import { runWardenkit } from "../support/run-command.ts";

const VAP = {
  apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name: "allowed-environments" },
  spec: {
    paramKind: { apiVersion: "v1", kind: "ConfigMap" },
    matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"], scope: "Namespaced" }] },
    validations: [{
      expression: "has(object.metadata.labels) && 'env' in object.metadata.labels && object.metadata.labels.env in params.data.environments.split(',')",
      messageExpression: "'env must be one of ' + params.data.environments",
      reason: "Forbidden",
    }],
  },
};
const BINDING = {
  apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "allowed-environments-shop" },
  spec: {
    policyName: "allowed-environments", validationActions: ["Deny"],
    paramRef: { name: "environments", namespace: "policies", parameterNotFoundAction: "Deny" },
    matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } },
  },
};
const PARAMS = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "environments", namespace: "policies" }, data: { environments: "dev,prod" } };

const deployment = (name: string, env: string) => ({
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "shop", labels: { env } },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
});

let project: Project;
const inProject = (args: string[]) => runWardenkit(args, { cwd: project.root });

function writeDocs(path: string, ...docs: unknown[]): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, docs.map((d) => stringify(d)).join("---\n"));
  return path;
}

beforeAll(() => {
  project = projectCopy("vap-command");
});

describe("wardenkit vap", () => {
  it("writes the policy folder, builds its module and writes a manifest that check runs", async () => {
    writeDocs(join(project.root, "vaps", "environments.yaml"), VAP, BINDING);
    writeDocs(join(project.root, "vaps", "params", "environments.yaml"), PARAMS);
    const result = await inProject(["vap", "vaps"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("allowed-environments: policies/allowed-environments/, dist/allowed-environments.wasm, deploy/vap/allowed-environments.yaml (AdmissionPolicy in shop, mode protect)");
    expect(result.code).toBe(0);
    for (const file of ["assembly/index.ts", "metadata.yml", "settings.yml", "README.md"]) expect(existsSync(join(project.policy("allowed-environments").dir, file)), file).toBe(true);
    const manifest = parse(readFileSync(join(project.root, "deploy", "vap", "allowed-environments.yaml"), "utf8"));
    expect(manifest).toMatchObject({
      kind: "AdmissionPolicy", metadata: { name: "allowed-environments", namespace: "shop" },
      spec: { mode: "protect", failurePolicy: "Fail", rules: [{ apiGroups: ["apps"], resources: ["deployments"], operations: ["CREATE", "UPDATE"] }], settings: { params: PARAMS } },
    });

    writeDocs(join(project.root, "objects", "deployments.yaml"), deployment("web", "prod"), deployment("qa", "qa"));
    const checked = await inProject(["check", "--policies", "deploy/vap/allowed-environments.yaml", "--module", `${manifest.spec.module}=allowed-environments`, "objects"]);
    expect(checked.stdout).toContain("env must be one of dev,prod");
    expect(checked.code).toBe(1);
  });

  it("refuses to replace a policy folder without --force", async () => {
    const again = await inProject(["vap", "vaps"]);
    expect(again.stderr).toMatch(/policies\/allowed-environments already exists; give --force/);
    expect(again.code).toBe(1);
    expect((await inProject(["vap", "vaps", "--force"])).code).toBe(0);
  });

  it("stops at a binding naming another policy, or parameters of the wrong kind, writing nothing", async () => {
    const other = writeDocs(join(project.root, "bad", "other.yaml"), VAP, { ...BINDING, spec: { ...BINDING.spec, policyName: "elsewhere" } });
    const named = await inProject(["vap", other, "--out", "bad-out"]);
    expect(named.stderr).toMatch(/spec.policyName elsewhere is not a ValidatingAdmissionPolicy given here \(given: allowed-environments\)/);
    const secret = writeDocs(join(project.root, "bad", "secret.yaml"), { ...PARAMS, kind: "Secret" });
    const wrongKind = await inProject(["vap", join(project.root, "vaps", "environments.yaml"), "--params", secret, "--out", "bad-out", "--force"]);
    expect(wrongKind.stderr).toMatch(/the parameter object is v1 Secret policies\/environments, but ValidatingAdmissionPolicy allowed-environments takes paramKind v1 ConfigMap/);
    expect([named.code, wrongKind.code]).toEqual([1, 1]);
    expect(existsSync(join(project.root, "bad-out"))).toBe(false);
  });

  it("names the expression and the construct the compiler does not support", async () => {
    const regex = { ...VAP, metadata: { name: "regex" }, spec: { ...VAP.spec, paramKind: undefined, validations: [{ expression: "object.metadata.name.matches('^[a-z]+$')" }] } };
    const result = await inProject(["vap", writeDocs(join(project.root, "bad", "regex.yaml"), regex)]);
    expect(result.stderr).toMatch(/spec.validations\[0\].expression "object.metadata.name.matches\('\^\[a-z\]\+\$'\)": matches\(\)/);
    expect(result.code).toBe(1);
    expect(existsSync(project.policy("regex").dir)).toBe(false);
  });
});
