// `npx tsx tools/bench/vap-bench.ts`: a required-labels ValidatingAdmissionPolicy compiled by
// compileVap and built as every policy is, beside the hand-written policies/required-labels:
// module bytes, and one evaluation on the wasmtime engine (a fresh instance per evaluation, as
// policy-server runs, and one warm instance), the median of 10 batches of 200.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileVap } from "../../src/vap/compile-vap.ts";
import { buildPolicy } from "../../src/build/build-policy.ts";
import { readProject } from "../../src/project/project.ts";
import { policyIn } from "../../src/project/policies.ts";
import { validationPayload } from "../../src/host/guest-answers.ts";
import type { AdmissionRequest } from "../../src/host/admission-request.ts";
import { WasmtimeEngine } from "../engine/engine-process.ts";
import { BENCH_PROJECT } from "./bench-project.ts";

const VAP = {
  metadata: { name: "required-labels" },
  spec: { validations: [{ expression: "has(object.metadata.labels) && 'app' in object.metadata.labels", message: "the app label is required" }] },
};
const REQUEST: AdmissionRequest = {
  uid: "u", kind: { group: "apps", version: "v1", kind: "Deployment" }, resource: { group: "apps", version: "v1", resource: "deployments" },
  name: "web", namespace: "prod", operation: "CREATE", userInfo: { username: "alice" },
  object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "prod", labels: { app: "web" } }, spec: { replicas: 3 } },
};

async function buildVapModule(): Promise<Uint8Array> {
  const root = mkdtempSync(join(tmpdir(), "wardenkit-vap-bench-"));
  try {
    for (const f of ["package.json", "asconfig.json"]) cpSync(join(BENCH_PROJECT.root, f), join(root, f));
    symlinkSync(join(BENCH_PROJECT.root, "node_modules"), join(root, "node_modules"), "dir");
    for (const [path, content] of Object.entries(compileVap({ vap: VAP }, { name: "required-labels-vap" }).files)) {
      const file = join(root, "policies", "required-labels-vap", path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const project = readProject(root);
    return (await buildPolicy(project, policyIn(project.folders.policies, "required-labels-vap"))).bytes;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const vap = await buildVapModule();
  const handPath = join(BENCH_PROJECT.folders.dist, "required-labels.wasm");
  const vapPath = join(mkdtempSync(join(tmpdir(), "wardenkit-vap-bench-")), "required-labels-vap.wasm");
  writeFileSync(vapPath, vap);
  console.log(`module bytes: compiled VAP ${vap.length}, hand-written ${readFileSync(handPath).length}`);
  const engine = WasmtimeEngine.start();
  try {
    for (const [label, path, settings] of [["compiled VAP", vapPath, {}], ["hand-written", handPath, { requiredLabels: ["app"] }]] as const) {
      const module = await engine.load(path);
      for (const mode of ["fresh", "warm"] as const) {
        const micros = await engine.bench(module, "validate", validationPayload(REQUEST, settings), mode, { warmup: 200, batches: 10, batchSize: 200 });
        micros.sort((a, b) => a - b);
        console.log(`${label}, ${mode}: ${micros[Math.floor(micros.length / 2)].toFixed(1)} µs per evaluation`);
      }
    }
  } finally {
    await engine.stop();
    rmSync(dirname(vapPath), { recursive: true, force: true });
  }
}

await main();
