// A real Kubernetes control plane: etcd (Debian's etcd-server) and kube-apiserver (built once
// per machine by scripts/install-kube-apiserver.sh) on free loopback ports, with certificates
// made by openssl, a client-certificate admin user and RBAC on. There is no controller-manager,
// scheduler or kubelet. The tests share one per run (test/support/real-kube-api-server.ts);
// the audit benchmark starts its own.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { KubeConfig, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import { PACKAGE_ROOT } from "../src/io/package-root.ts";
import { freePorts } from "./free-ports.ts";

/** What a client needs to reach the running API server; also what stopping it reads. */
export interface KubeApiServerState {
  url: string;
  dir: string;
  pids: number[];
  /** Milliseconds from spawning etcd to kube-apiserver's /readyz answering ok. */
  startMs: number;
}

/** Where the PIDs of the processes started in `dir` are kept, in the order to stop them. */
export const pidsFile = (dir: string) => join(dir, "kube-api-server.json.pids");

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const STOP_GRACE_MS = 10_000;

/** Stops each in turn (kube-apiserver before the etcd it needs to shut down cleanly): TERM, then KILL after a grace period. */
export async function stopProcesses(pids: number[]): Promise<void> {
  for (const pid of pids) {
    if (!alive(pid)) continue;
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + STOP_GRACE_MS;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
}

// A guard against a control plane that never gets ready, not a speed check: two test runs at
// once on two cores can take minutes to start it.
const READY_TIMEOUT_MS = 600_000;
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serial numbers chosen here: two workers signing at once would race on openssl's serial file. */
const serial = () => `0x${randomBytes(16).toString("hex")}`;

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** Signs a client certificate for `user` in `groups` with the cluster's CA. */
export function clientCertificate(dir: string, user: string, groups: string[]): { cert: string; key: string } {
  const base = `user-${user.replace(/[^a-z0-9-]/gi, "_")}`;
  const subject = `/CN=${user}${groups.map((g) => `/O=${g}`).join("")}`;
  openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", subject);
  openssl(dir, "x509", "-req", "-in", `${base}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", serial(), "-days", "2", "-out", `${base}.crt`);
  return { cert: readFileSync(join(dir, `${base}.crt`), "utf8"), key: readFileSync(join(dir, `${base}.key`), "utf8") };
}

function makeCertificates(dir: string): void {
  openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=wardenkit-test-ca");
  openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube-apiserver");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n");
  openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", serial(), "-days", "2", "-out", "server.crt", "-extfile", "server.ext");
  openssl(dir, "genrsa", "-out", "service-account.key", "2048");
  openssl(dir, "rsa", "-in", "service-account.key", "-pubout", "-out", "service-account.pub");
}

function kubeApiServerBinary(): string {
  try {
    return execFileSync(join(PACKAGE_ROOT, "scripts/install-kube-apiserver.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch {
    throw new Error("kube-apiserver is not available; run scripts/install-test-deps.sh (it builds it once per machine)");
  }
}

function startDetached(command: string, args: string[], log: string): number {
  const out = openSync(log, "a");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`cannot start ${command}`);
  return child.pid;
}

function logTail(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").slice(-15).join("\n") : "";
}

/**
 * A request as the admin user, bypassing @kubernetes/client-node, whose typed models drop
 * fields they spell differently (a CRD's `x-kubernetes-preserve-unknown-fields`).
 */
export function adminRequest(url: string, dir: string, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": contentType },
      ca: readFileSync(join(dir, "ca.crt")), cert: readFileSync(join(dir, "user-admin.crt")), key: readFileSync(join(dir, "user-admin.key")), timeout: 5000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", fail);
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** GET /readyz as the admin user; true on 200. */
function readyz(url: string, dir: string): Promise<boolean> {
  return adminRequest(url, dir, "GET", "/readyz").then((r) => r.status === 200, () => false);
}

/**
 * Starts etcd and kube-apiserver with their certificates in `dir`; both are stopped by a
 * watchdog when the process `owner` goes away. The PIDs are written to `dir` before waiting
 * for readiness, so whoever stops them can find them even if the start fails.
 */
async function start(dir: string, owner: number): Promise<KubeApiServerState> {
  const binary = kubeApiServerBinary();
  makeCertificates(dir);
  clientCertificate(dir, "admin", ["system:masters"]);
  const [etcdPort, peerPort, apiPort] = await freePorts(3);
  const started = Date.now();
  const etcd = startDetached("etcd", [
    "--name", "wardenkit-test", "--data-dir", join(dir, "etcd"),
    "--listen-client-urls", `http://127.0.0.1:${etcdPort}`, "--advertise-client-urls", `http://127.0.0.1:${etcdPort}`,
    "--listen-peer-urls", `http://127.0.0.1:${peerPort}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${peerPort}`,
    "--initial-cluster", `wardenkit-test=http://127.0.0.1:${peerPort}`, "--log-level", "warn",
  ], join(dir, "etcd.log"));
  const apiServer = startDetached(binary, [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
    `--tls-cert-file=${join(dir, "server.crt")}`, `--tls-private-key-file=${join(dir, "server.key")}`,
    `--client-ca-file=${join(dir, "ca.crt")}`,
    `--service-account-key-file=${join(dir, "service-account.pub")}`,
    `--service-account-signing-key-file=${join(dir, "service-account.key")}`,
    "--service-account-issuer=https://kubernetes.default.svc", "--service-cluster-ip-range=10.0.0.0/24",
    "--authorization-mode=Node,RBAC", `--cert-dir=${join(dir, "certs")}`, "--profiling=false", "-v=1",
  ], join(dir, "kube-apiserver.log"));
  const url = `https://127.0.0.1:${apiPort}`;
  // Stops both if the owner goes away without stopping them (killed, crashed).
  const watchdog = startDetached("sh", ["-c", `while kill -0 ${owner} 2>/dev/null; do sleep 2; done; kill ${apiServer}; sleep 5; kill -9 ${apiServer} 2>/dev/null; kill ${etcd}`], "/dev/null");
  // In the order the teardown stops them: the watchdog, then kube-apiserver, then etcd.
  const state: KubeApiServerState = { url, dir, pids: [watchdog, apiServer, etcd], startMs: 0 };
  // Written before readiness, so the teardown stops the processes even if this fails.
  writeFileSync(pidsFile(dir), JSON.stringify(state.pids));
  while (!(await readyz(url, dir))) {
    for (const [pid, log] of [[etcd, "etcd.log"], [apiServer, "kube-apiserver.log"]] as const) {
      if (alive(pid)) continue;
      for (const other of state.pids) if (alive(other)) process.kill(other, "SIGKILL");
      throw new Error(`${log.replace(".log", "")} exited while starting:\n${logTail(join(dir, log))}`);
    }
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`kube-apiserver was not ready after ${READY_TIMEOUT_MS / 1000}s:\n${logTail(join(dir, "kube-apiserver.log"))}`);
    await sleep(POLL_MS);
  }
  state.startMs = Date.now() - started;
  return state;
}

// A free port is only free until someone binds it: another test run on the machine may take
// one between our check and etcd's or kube-apiserver's bind. Then the process exits saying
// so, and starting again on other ports is the answer.
const PORT_ATTEMPTS = 3;

export async function startOnFreePorts(dir: string, owner: number): Promise<KubeApiServerState> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(dir, owner);
    } catch (err) {
      if (attempt === PORT_ATTEMPTS || !/address already in use/i.test((err as Error).message)) throw err;
      rmSync(join(dir, "etcd"), { recursive: true, force: true });
    }
  }
}

export interface ClusterUser {
  /** Path of a kubeconfig for this user (context `wardenkit-test`). */
  kubeconfig: string;
  kubeConfig: KubeConfig;
}

/** A kubeconfig for `user` (a client certificate signed by the cluster's CA), written into `targetDir`. */
export function clusterUser(state: KubeApiServerState, targetDir: string, user = "admin", groups: string[] = ["system:masters"], namespace?: string): ClusterUser {
  const { cert, key } = user === "admin"
    ? { cert: readFileSync(join(state.dir, "user-admin.crt"), "utf8"), key: readFileSync(join(state.dir, "user-admin.key"), "utf8") }
    : clientCertificate(state.dir, user, groups);
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const path = join(targetDir, `kubeconfig-${user.replace(/[^a-z0-9-]/gi, "_")}`);
  writeFileSync(path, stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "wardenkit-test", cluster: { server: state.url, "certificate-authority-data": b64(readFileSync(join(state.dir, "ca.crt"), "utf8")) } }],
    users: [{ name: user, user: { "client-certificate-data": b64(cert), "client-key-data": b64(key) } }],
    contexts: [{ name: "wardenkit-test", context: { cluster: "wardenkit-test", user, ...(namespace ? { namespace } : {}) } }],
    "current-context": "wardenkit-test",
  }));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  return { kubeconfig: path, kubeConfig };
}


const CRD_POLL_MS = 100;
const CRD_ESTABLISHED_TIMEOUT_MS = 30_000;

/** Creates the CRD in the file at `path` unless it exists, and waits until it is served. */
export async function installCrdFile(state: KubeApiServerState, api: KubernetesObjectApi, path: string): Promise<void> {
  const crd = parse(readFileSync(path, "utf8")) as KubernetesObject;
  const created = await adminRequest(state.url, state.dir, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  if (created.status !== 201 && created.status !== 409) throw new Error(`cannot create CRD ${crd.metadata!.name}: ${created.body}`);
  const deadline = Date.now() + CRD_ESTABLISHED_TIMEOUT_MS;
  for (;;) {
    const read = (await api.read({ apiVersion: crd.apiVersion!, kind: crd.kind!, metadata: { name: crd.metadata!.name! } })) as KubernetesObject & {
      status?: { conditions?: { type: string; status: string }[] };
    };
    if (read.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata!.name} not established after ${CRD_ESTABLISHED_TIMEOUT_MS / 1000}s`);
    await sleep(CRD_POLL_MS);
  }
}
