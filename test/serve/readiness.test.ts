// /readiness is 200 only when every configured policy is served, and otherwise names those
// that are not and why; serve without policies.yml serves every dist/ policy with its deploy
// settings (policies/<name>/settings.yml) or a file given with --settings <name>=<file>, so
// the policies whose settings are required are served too. A settings file that breaks keeps
// the previous settings serving and stays watched; /readiness (still 200) names it until fixed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { PROJECT } from "../support/project.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";
import { until } from "../support/until.ts";
import { admissionReview, podRequest, readinessMatching, saveFile, startTestServer } from "./support/harness.ts";
import { ServeProcess, startServe } from "./support/serve-process.ts";

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-ready-"));
  // A project of its own, so that serve takes its dist/ and its policies' settings from here.
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "serve-test", version: "0.1.0", wardenkit: {} }));
  mkdirSync(join(work, "dist"));
  for (const name of POLICY_NAMES) copyFileSync(builtModulePath(name), join(work, "dist", `${name}.wasm`));
  // The policy folders, without their settings.yml yet.
  for (const name of POLICY_NAMES) mkdirSync(join(work, "policies", name), { recursive: true });
});

afterAll(async () => {
  await ServeProcess.killAll();
  rmSync(work, { recursive: true, force: true });
});

const claim = (size: string) => JSON.parse(readFileSync(join(PROJECT.folders.fixtures, "sql-claim-size", "create-claim-small.json"), "utf8").replace('"small"', `"${size}"`));

describe("serving dist/", () => {
  it("is not ready while policies lack the settings they need, and says which; deploy settings make it ready", async () => {
    const { serve, client } = await startServe(work, );
    try {
      expect(serve.output).toMatch(/^not serving pod-density, sql-claim-size, trusted-images \(see above\): \/readiness answers 503 until they load$/m);
      const waiting = await client.get("/readiness");
      expect(waiting.status).toBe(503);
      expect(waiting.text).toMatch(/^not every policy is served: pod-density \(Policy settings are invalid: set at least one limit.*\); sql-claim-size \(Policy settings are invalid: allowedSizes is required/);

      for (const policy of PROJECT.policies) cpSync(policy.settingsFile, join(work, "policies", policy.name, "settings.yml"));
      await until("the deploy settings to be loaded", async () => (await client.get("/readiness")).status === 200);
      expect((await client.get("/readiness")).text).toBe("ready");
      const denied = await client.post("/validate/sql-claim-size", JSON.stringify(claim("huge")));
      expect(denied.json().response.status.message).toMatch(/allowed sizes: small, medium$/);
    } finally {
      client.close();
      expect(await serve.stop()).toBe(0);
    }
  });

  it("takes --settings <name>=<file> ahead of the deploy settings, and names the file of settings a policy refuses", async () => {
    writeFileSync(join(work, "claims.yaml"), stringify({ allowedSizes: ["medium"] }));
    writeFileSync(join(work, "density.yaml"), stringify({ maxPodsPerNode: "ten" }));
    writeFileSync(join(work, "images.yaml"), stringify({ allowedRegistries: ["docker.io"] }));
    const { serve, client } = await startServe(
      work, "--settings", "sql-claim-size=claims.yaml", "--settings", `pod-density=${join(work, "density.yaml")}`, "--settings", "trusted-images=images.yaml",
    );
    try {
      const readiness = await client.get("/readiness");
      expect(readiness.status).toBe(503);
      expect(readiness.text).toMatch(new RegExp(`^not every policy is served: pod-density \\(Policy settings are invalid: .*maxPodsPerNode.* \\(settings from ${join(work, "density.yaml")}\\)\\)$`));
      const denied = await client.post("/validate/sql-claim-size", JSON.stringify(claim("small")));
      expect(denied.json().response.status.message).toMatch(/allowed sizes: medium$/);
    } finally {
      client.close();
      expect(await serve.stop()).toBe(0);
    }
  });
});

describe("a deploy settings file that breaks", () => {
  it("keeps the previous settings serving, is named by /readiness, stays watched, and reloads once fixed", async () => {
    const project = join(work, "settings-watch");
    const settingsFile = join(project, "policies", "sql-claim-size", "settings.yml");
    mkdirSync(join(project, "dist"), { recursive: true });
    mkdirSync(join(project, "policies", "sql-claim-size"), { recursive: true });
    copyFileSync(builtModulePath("sql-claim-size"), join(project, "dist", "sql-claim-size.wasm"));
    saveFile(settingsFile, stringify({ allowedSizes: ["small", "medium"] }));
    const server = await startTestServer({ distDir: join(project, "dist"), distSettings: { policiesDir: join(project, "policies") } });
    const verdict = async (size: string) => (await server.client.post("/validate/sql-claim-size", JSON.stringify(claim(size)))).json().response.allowed;
    try {
      expect((await server.client.get("/readiness")).text).toBe("ready");

      saveFile(settingsFile, "allowedSizes: [small\n");
      const unparsable = await readinessMatching(server.client, /previous version/);
      expect(unparsable.status).toBe(200);
      expect(unparsable.text).toMatch(new RegExp(`^ready; still serving the previous version of sql-claim-size \\(its settings cannot be read: ${settingsFile} is not valid YAML: .+\\)$`));
      expect(await verdict("small")).toBe(true);

      saveFile(settingsFile, stringify({ allowedSizes: "medium" }));
      const refused = await readinessMatching(server.client, /Policy settings are invalid/);
      expect(refused.status).toBe(200);
      expect(refused.text).toMatch(new RegExp(`^ready; still serving the previous version of sql-claim-size \\(Policy settings are invalid: .*allowedSizes.* \\(settings from ${settingsFile}\\)\\)$`));
      expect(await verdict("small")).toBe(true);

      saveFile(settingsFile, stringify({ allowedSizes: ["medium"] }));
      await readinessMatching(server.client, /^ready$/);
      expect(await verdict("small")).toBe(false);
      expect(await verdict("medium")).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("serving policies.yml", () => {
  it("is ready again once a broken entry is fixed", async () => {
    const config = join(work, "policies.yml");
    const entries = (labels: unknown) => ({ labels: { module: builtModulePath("required-labels"), settings: { requiredLabels: labels } }, other: { module: builtModulePath("run-as-non-root") } });
    writeFileSync(config, stringify(entries("app")));
    const server = await startTestServer({ distDir: work, configPath: config });
    try {
      const broken = await server.client.get("/readiness");
      expect(broken.status).toBe(503);
      expect(broken.text).toMatch(/^not every policy is served: labels \(Policy settings are invalid: requiredLabels must be a list/);
      expect((await server.client.post("/validate/other", admissionReview(podRequest("ok")))).status).toBe(200);
      writeFileSync(config, stringify(entries(["app"])));
      await until("the fixed entry to be loaded", async () => (await server.client.get("/readiness")).status === 200);
    } finally {
      await server.close();
    }
  });
});
