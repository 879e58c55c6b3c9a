// A real Kubernetes control plane for the tests: etcd (Debian's etcd-server) and
// kube-apiserver (built once per machine by scripts/install-kube-apiserver.sh) on free
// loopback ports, with certificates made by openssl, a client-certificate admin user and
// RBAC on. There is no controller-manager, scheduler or kubelet: tests create Nodes and
// Pods as API objects and play the controllers' part themselves.
//
// One instance serves a whole vitest run. The first test file that asks starts it under a
// lock in the run's directory (see kube-api-server-lifecycle.ts) and writes its state
// there; later files, in any worker, read that state. The processes are detached from the
// worker that started them, and the run's teardown stops them by PID.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { inject } from "vitest";
import { stringify } from "yaml";
import { KubeConfig } from "@kubernetes/client-node";
import { PROJECT } from "./project.ts";
import { freePorts } from "./registry.ts";
import { alive } from "./process-alive.ts";

// A guard against a control plane that never gets ready, not a speed check: two test runs at
// once on two cores can take minutes to start it.
const READY_TIMEOUT_MS = 600_000;
const POLL_MS = 200;
const STATE_FILE = "kube-api-server.json";

/** What a test needs to reach the running API server; also what the teardown reads. */
export interface KubeApiServerState {
  url: string;
  dir: string;
  pids: number[];
  /** Milliseconds from spawning etcd to kube-apiserver's /readyz answering ok. */
  startMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serial numbers chosen here: two workers signing at once would race on openssl's serial file. */
const serial = () => `0x${randomBytes(16).toString("hex")}`;

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** Signs a client certificate for `user` in `groups` with the cluster's CA. */
function clientCertificate(dir: string, user: string, groups: string[]): { cert: string; key: string } {
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
    return execFileSync(join(PROJECT.root, "scripts/install-kube-apiserver.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
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

async function start(dir: string): Promise<KubeApiServerState> {
  const owner = Number(inject("kubeApiServerOwner"));
  if (!Number.isInteger(owner)) throw new Error("kube-api-server-lifecycle.ts must be a globalSetup of this vitest run");
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
  // Stops both if the vitest process goes away without its teardown (killed, crashed).
  const watchdog = startDetached("sh", ["-c", `while kill -0 ${owner} 2>/dev/null; do sleep 2; done; kill ${apiServer}; sleep 5; kill -9 ${apiServer} 2>/dev/null; kill ${etcd}`], "/dev/null");
  // In the order the teardown stops them: the watchdog, then kube-apiserver, then etcd.
  const state: KubeApiServerState = { url, dir, pids: [watchdog, apiServer, etcd], startMs: 0 };
  // Written before readiness, so the teardown stops the processes even if this fails.
  writeFileSync(join(dir, `${STATE_FILE}.pids`), JSON.stringify(state.pids));
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

async function startOnFreePorts(dir: string): Promise<KubeApiServerState> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(dir);
    } catch (err) {
      if (attempt === PORT_ATTEMPTS || !/address already in use/i.test((err as Error).message)) throw err;
      rmSync(join(dir, "etcd"), { recursive: true, force: true });
    }
  }
}

let shared: Promise<KubeApiServerState> | null = null;

async function startOrJoin(dir: string): Promise<KubeApiServerState> {
  const statePath = join(dir, STATE_FILE);
  const lockPath = join(dir, `${STATE_FILE}.lock`);
  let lock: number | null = null;
  try {
    lock = openSync(lockPath, "wx");
    writeSync(lock, String(process.pid));
  } catch {
    // Another test file is starting it: wait for its state (or its failure) for as long as the
    // worker starting it lives; its own readiness guard bounds the wait.
    for (;;) {
      if (existsSync(statePath)) return JSON.parse(readFileSync(statePath, "utf8")) as KubeApiServerState;
      if (existsSync(`${statePath}.failed`)) throw new Error(readFileSync(`${statePath}.failed`, "utf8"));
      const holder = Number(readFileSync(lockPath, "utf8"));
      if (holder > 0 && !alive(holder) && !existsSync(statePath)) throw new Error(`the test worker starting the shared kube-apiserver (PID ${holder}) exited before it was ready`);
      await sleep(POLL_MS);
    }
  }
  try {
    const state = await startOnFreePorts(dir);
    writeFileSync(statePath, JSON.stringify(state));
    return state;
  } catch (err) {
    writeFileSync(`${statePath}.failed`, (err as Error).message);
    throw err;
  } finally {
    closeSync(lock);
  }
}

/** The run's API server, started on first use. */
export function realKubeApiServer(): Promise<KubeApiServerState> {
  shared ??= startOrJoin(inject("kubeApiServerDir"));
  return shared;
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

declare module "vitest" {
  export interface ProvidedContext {
    kubeApiServerDir: string;
    /** PID of the vitest process whose teardown stops the API server. */
    kubeApiServerOwner: number;
  }
}
