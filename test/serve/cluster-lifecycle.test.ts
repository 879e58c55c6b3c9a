// The life of `wardenkit serve --register` on the run's real kube-apiserver: stopping removes
// its registration (unless kept, and then a Fail policy shows what that means), a restart
// registers again, a second serve cannot silently take the first one's registration, and a
// registration the cluster refuses ends serve with the reason.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { KubernetesObject, KubernetesObjectApi } from "@kubernetes/client-node";
import { freePort } from "../support/registry.ts";
import { clusterUser, realKubeApiServer, type ClusterUser, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { apiMessage, createNamespace, objectApi } from "../support/cluster-objects.ts";
import { builtModulePath } from "../support/policies.ts";
import { ServeProcess } from "./support/serve-process.ts";
import { until } from "../support/until.ts";

const NS = "serve-life";
const NAME = "wardenkit-serve";
const KINDS = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"];

let state: KubeApiServerState;
let work: string;
let admin: ClusterUser;
let api: KubernetesObjectApi;

function serveArgs(port: number, ...extra: string[]): string[] {
  return [
    "--config", join(work, "policies.yml"), "--port", String(port), "--address", "127.0.0.1",
    "--register", "--advertise-host", "127.0.0.1", "--namespace", NS, ...extra,
  ];
}

async function startServe(port: number, ...extra: string[]): Promise<ServeProcess> {
  const serve = new ServeProcess(serveArgs(port, "--kubeconfig", admin.kubeconfig, ...extra), work);
  await serve.waitFor(/serving 1 policies/);
  return serve;
}

type Configuration = KubernetesObject & { webhooks: Record<string, any>[] };

async function configuration(kind: string, name = NAME): Promise<Configuration | null> {
  try {
    const spec: KubernetesObject = { apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name } };
    return (await api.read(spec as never)) as unknown as Configuration;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return null;
    throw err;
  }
}

async function createConfigMap(name: string): Promise<string> {
  try {
    await api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS } } as KubernetesObject, undefined, "All");
    return "created";
  } catch (err) {
    return apiMessage(err);
  }
}

const DENIAL = `admission webhook "required-labels.wardenkit.serve" denied the request: ConfigMap ${NS}/unlabelled is missing required labels app`;
const enforced = () => until("the webhook to be enforced", async () => (await createConfigMap("unlabelled")) === DENIAL);
const notEnforced = () => until("the webhook to be gone", async () => (await createConfigMap("unlabelled")) === "created");

beforeAll(async () => {
  state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-life-"));
  admin = clusterUser(state, work);
  api = objectApi(admin.kubeConfig);
  await createNamespace(api, NS);
  writeFileSync(join(work, "policies.yml"), stringify({ "required-labels": { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } } }));
});

afterAll(async () => {
  await ServeProcess.killAll();
  for (const kind of KINDS) for (const name of [NAME, "wardenkit-serve-second"]) await api?.delete({ apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name } }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

describe("serve --register, started and stopped", () => {
  it("removes its registration on SIGINT and SIGTERM, and registers again when restarted", async () => {
    const port = await freePort();
    let serve = await startServe(port);
    await enforced();

    expect(await serve.stop("SIGINT")).toBe(0);
    expect(serve.output).toContain(`SIGINT: stopping\nValidatingWebhookConfiguration ${NAME}: deleted\n`);
    expect(await configuration("ValidatingWebhookConfiguration")).toBeNull();
    await notEnforced();

    serve = await startServe(port);
    await enforced();
    expect(await serve.stop("SIGTERM")).toBe(0);
    expect(serve.output).toContain(`ValidatingWebhookConfiguration ${NAME}: deleted`);
    expect(await configuration("ValidatingWebhookConfiguration")).toBeNull();
  });

  it("keeps it with --keep-registration; with --failure-policy Fail the cluster then refuses what serve would judge", async () => {
    const serve = await startServe(await freePort(), "--keep-registration", "--failure-policy", "Fail");
    await enforced();
    expect(await serve.stop()).toBe(0);
    expect(serve.output).toContain(`kept the ${NAME} webhook configurations (--keep-registration)`);
    expect((await configuration("ValidatingWebhookConfiguration"))?.webhooks[0].failurePolicy).toBe("Fail");
    expect(await createConfigMap("unlabelled")).toMatch(/^Internal error occurred: failed calling webhook "required-labels\.wardenkit\.serve": /);
    await api.delete({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: NAME } });
  });

  it("refuses to take a running serve's registration, and registers under its own name when given one", async () => {
    const firstPort = await freePort();
    const first = await startServe(firstPort);
    const secondPort = await freePort();

    const second = new ServeProcess(serveArgs(secondPort, "--kubeconfig", admin.kubeconfig), work);
    expect(await second.exited).toBe(1);
    expect(second.output).toContain(
      `wardenkit serve: registering the webhooks failed: ValidatingWebhookConfiguration ${NAME} already sends reviews to another wardenkit serve at https://127.0.0.1:${firstPort}; ` +
      `stop that one, or give this one its own registration with --registration-name <name> (if that server is gone: kubectl delete validatingwebhookconfiguration ${NAME})\n`,
    );
    expect(second.output).not.toContain("serving 1 policies");
    expect((await configuration("ValidatingWebhookConfiguration"))?.webhooks[0].clientConfig.url).toBe(`https://127.0.0.1:${firstPort}/validate/required-labels`);

    const named = await startServe(secondPort, "--registration-name", "wardenkit-serve-second");
    expect((await configuration("ValidatingWebhookConfiguration", "wardenkit-serve-second"))?.webhooks[0].clientConfig.url).toBe(`https://127.0.0.1:${secondPort}/validate/required-labels`);
    expect(await named.stop()).toBe(0);
    expect(await configuration("ValidatingWebhookConfiguration", "wardenkit-serve-second")).toBeNull();
    // The first one still enforces.
    expect(await configuration("ValidatingWebhookConfiguration")).not.toBeNull();
    await enforced();
    expect(await first.stop()).toBe(0);
  });

  it("ends with the reason when the cluster refuses the registration", async () => {
    const nobody = clusterUser(state, work, "nobody", []);
    const serve = new ServeProcess(serveArgs(await freePort(), "--kubeconfig", nobody.kubeconfig), work);
    expect(await serve.exited).toBe(1);
    expect(serve.output).toContain(
      "wardenkit serve: registering the webhooks failed: the Kubernetes API answered 403: validatingwebhookconfigurations.admissionregistration.k8s.io \"wardenkit-serve\" is forbidden: " +
      'User "nobody" cannot get resource "validatingwebhookconfigurations" in API group "admissionregistration.k8s.io" at the cluster scope\n',
    );
    expect(serve.output).not.toContain("serving 1 policies");
  });
});

describe("serve --help", () => {
  it("states where serve listens, the failure policy and its consequence", async () => {
    const serve = new ServeProcess(["--help"], work);
    expect(await serve.exited).toBe(0);
    expect(serve.output).toContain("127.0.0.1 by default; 0.0.0.0 (every interface) by default with --register");
    expect(serve.output).toContain("Ignore (default) admits the request unchecked after the webhook's 10 s timeout");
    expect(serve.output).toContain("Fail refuses it");
  });
});
