// The SDK's public API, driven through a probe module (test/guest-modules/sdk-probe.ts)
// for the exports the shipped policies do not reach; and a check that every
// export is used by a policy or a probe, so none goes untested.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PolicyEvaluator, type Evaluation } from "../../src/host/evaluator.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { PROJECT } from "../support/project.ts";
import { compileGuestModule } from "../support/guest-modules.ts";

const deployment = {
  apiVersion: "apps/v1", kind: "Deployment",
  metadata: { name: "web", namespace: "shop", labels: { app: "shop", gone: null, empty: "" }, annotations: { note: "n", none: null } },
  spec: { template: { spec: {
    nodeName: "n1", os: { name: "linux" }, securityContext: { runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true },
    initContainers: [{ name: "init", image: "busybox" }],
    containers: [
      { name: "app", image: "nginx", securityContext: { runAsUser: 0, privileged: true, allowPrivilegeEscalation: false, capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] } } },
      { image: "side" },
    ],
  } } },
  data: { n: 7, s: "three", settings: { tls: { minVersion: "1.3", cipher: "x" }, pools: { a: { size: 2 }, b: { size: 5 } } } },
};

let evaluation: Evaluation;
const results = new Map<string, string>();
beforeAll(async () => {
  const probe = new PolicyEvaluator(await compileGuestModule("sdk-probe"));
  const checks = ["request", "metadata", "podSpec", "names", "labelValues", "asciiCase", "imageReference", "writing", "format", "parsing", "answers", "reading", "log", "host"];
  const cluster = new ClusterState([
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "limits", namespace: "shop", uid: "u1", labels: { app: "web" } }, data: { max: "3", min: "1" } },
  ]);
  const capabilities = { kubernetes: cluster, contextAwareResources: [{ apiVersion: "v1", kind: "ConfigMap" }] };
  evaluation = probe.validate(wrapObject(deployment, { operation: "UPDATE", oldObject: deployment, username: "alice" }), { checks }, capabilities);
  for (const warning of evaluation.admission.warnings ?? []) {
    const colon = warning.indexOf(": ");
    results.set(warning.slice(0, colon), warning.slice(colon + 2));
  }
});

describe("the SDK's public API", () => {
  it("reads every request field, and compares operations and kinds as flags and triples", () => {
    expect(results.get("request")).toBe(
      "00000000-0000-0000-0000-000000000000 UPDATE apps/v1/Deployment Deployment apps/v1/deployments  web shop "
      + "alice[system:masters,system:authenticated] no yes no yes no",
    );
  });

  it("reads metadata, counting a null label or annotation as not set", () => {
    expect(results.get("metadata")).toBe("web shop yes no yes yes no shop object object Deployment shop/web");
  });

  it("finds the pod spec by group, version and kind, and reads every container view", () => {
    expect(results.get("podSpec")).toBe([
      "spec.template.spec spec/template/spec yes n1 linux ephemeralContainers 1 3000",
      "container app=nginx,container,containers,0,0,[\"NET_ADMIN\"],[\"ALL\"],true,false,0,true,app,object",
      "container #1=side,container,containers,1,0,,,,,1000,true,,object",
      "init container init=busybox,init container,initContainers,0,1,,,,,1000,true,init,object",
    ].join(" "));
  });

  it("checks names and capabilities", () => {
    expect(results.get("names")).toBe("yes no yes no yes no NET_ADMIN yes no");
  });

  it("checks label values: empty, or at most 63 alphanumerics with '-', '_', '.' inside", () => {
    expect(results.get("labelValues")).toBe("yes yes yes no no no yes no no");
  });

  it("folds ASCII case only, leaving other characters as they are", () => {
    expect(results.get("asciiCase")).toBe("ghcr.io/org-9_ÉtÉ GHCR.IO/ORG-9_ÉTÉ yes yes no no no");
  });

  it("keeps an image reference's text and names its repository", () => {
    expect(results.get("imageReference")).toBe("GHCR.io/org/app:v1 GHCR.io/org/app yes App no /");
  });

  it("writes JSON with JsonWriter and jsonString", () => {
    const [object, literal] = [results.get("writing")!.slice(0, results.get("writing")!.indexOf("} ") + 1), results.get("writing")!.slice(results.get("writing")!.indexOf("} ") + 2)];
    expect(JSON.parse(object)).toEqual({ name: "web", replicas: 3, ready: false, owner: null, ports: [80, -443], tags: ["a", "b"], spec: { x: 1 } });
    expect(JSON.parse(literal)).toBe("q\"b\\n\nt\tc\u0001é");
  });

  it("formats numbers, paths and wrong-typed values for messages", () => {
    expect(results.get("format")).toBe(
      "0 | -42 | -9223372036854775808 | 9223372036854775807 | allowedSizes[3] | number 7 | string \"three\" | object | missing"
      + " | spec.replicas must be a whole number, not string \"three\"",
    );
  });

  it("parses documents, reports syntax errors with their offset, and reads fields lazily", () => {
    expect(results.get("parsing")).toBe(
      "yes no unexpected character at byte 5 5 unexpected character yes 3 2.5 4 yes Deployment missing apps/v1 missing Deployment yes yes "
      + "n:number,s:string,settings:object",
    );
  });

  it("writes answers as Kubewarden reads them", () => {
    const parts = results.get("answers")!;
    expect(parts).toContain('{"accepted":false,"message":"no","code":400,"warnings":["w1","w\\"2"],"audit_annotations":{"k":"v","k2":"v\\n2"}} 2 k,v,k2,v\n2 no no 400 ');
    expect(parts).toContain('{"accepted":true,"mutated_object":{"a":1}} {"a":1} yes no {"accepted":true} {"valid":false,"message":"bad \\"x\\""} yes {"valid":true}');
  });

  it("reads settings with nested readers, naming paths, and finds the setting nobody read", () => {
    expect(results.get("reading")).toBe("1.3 a=2@pools.a,b=5@pools.b yes tls.minVersion tls yes yes unknown setting 'tls.cipher'; known settings: minVersion no first yes");
  });

  it("reads the cluster with options objects, and hands back the host's errors", () => {
    expect(results.get("host")).toBe([
      "yes", "1", '{"max":"3","min":"1"}', "1", '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"limits","uid":"u1"},"data":{"max":"3"}}',
      "no", "Callback evaluation failure: Cannot find v1/ConfigMap named 'absent' inside of namespace 'shop'", "yes",
      "Policy has not been granted access to Kubernetes v1/Secret resources. The violation has been reported.",
    ].join(" | "));
  });

  it("logs through the tracing capability", () => {
    expect(results.get("log")).toBe("logged");
    expect(evaluation.logs).toEqual([{ level: "warning", message: 'probe "logged"' }]);
  });
});

describe("every export of sdk/assembly/index.ts", () => {
  const index = readFileSync(join(PROJECT.root, "sdk", "assembly", "index.ts"), "utf8");
  const exported = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1].split(",").map((s) => s.trim()).filter(Boolean));
  const users = [
    ...["test/guest-modules", "test/serve/guest-modules"].flatMap((dir) => readdirSync(join(PROJECT.root, dir)).map((f) => join(dir, f))),
    ...readdirSync(join(PROJECT.root, "policies")).flatMap((p) => readdirSync(join(PROJECT.root, "policies", p, "assembly")).map((f) => join("policies", p, "assembly", f))),
  ].filter((f) => f.endsWith(".ts")).map((f) => readFileSync(join(PROJECT.root, f), "utf8")).join("\n");

  it.each(exported)("%s is used by a policy or a probe module under test", (name) => {
    expect(new RegExp(`\\b${name}\\b`).test(users)).toBe(true);
  });

  it("each has a doc comment with an example", () => {
    const sources = readdirSync(join(PROJECT.root, "sdk", "assembly"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts")).map((f) => readFileSync(join(PROJECT.root, "sdk", "assembly", f), "utf8")).join("\n");
    const undocumented = exported.filter((name) => {
      const declaration = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*(?:// @ts-ignore: decorator\\s*@lazy )?export (?:class|function|enum|const|type) ${name}\\b`).exec(sources);
      return !declaration || !declaration[1].includes("@example");
    });
    expect(undocumented).toEqual([]);
  });
});
