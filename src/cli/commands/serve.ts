import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { booleanFlag, choiceFlag, listFlag, numberFlag, stringFlag } from "../flags.ts";
import { DEFAULT_EVENT_BURST, DEFAULT_EVENT_QPS, EVENTS_CLOSE_TIMEOUT_MS, DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT, DRAIN_TIMEOUT_MS } from "../../serve/defaults.ts";
import { DEFAULT_CONFIGURATION_NAME, DEFAULT_EXCLUDED_NAMESPACES, DEFAULT_FAILURE_POLICY } from "../../serve/webhook-configurations.ts";
import { DIST_FLAG, REGISTRY_FLAGS, VERIFICATION_CONFIG_FLAG } from "./shared-flags.ts";

const flags = {
  config: stringFlag("policies.yml", "serve the policies of a policy-server config file instead of every module in --dist", { short: "c" }),
  dist: { ...DIST_FLAG, description: "without --config, every <dist>/<name>.wasm is served as <name>, with the settings in its policy folder's settings.yml when there is one (default: the project's dist)" },
  settings: listFlag("policy=file", "with --dist: the settings of one policy, ahead of its deploy settings (repeatable)"),
  port: numberFlag("port", "where to listen", { short: "p", integer: true, max: 65535, default: DEFAULT_PORT }),
  address: stringFlag("addr", "where to listen: 127.0.0.1 by default; 0.0.0.0 (every interface) by default with --register, so that the cluster can reach it"),
  "tls-cert": stringFlag("file", "the serving certificate (default: one made for localhost by a local CA)"),
  "tls-key": stringFlag("file", "its key (with --tls-cert)"),
  "tls-ca": stringFlag("file", "the CA of --tls-cert, given to the cluster with --register"),
  workers: numberFlag("n", "worker threads evaluating policies (default: one per core)", { integer: true }),
  "policy-timeout": numberFlag("seconds", "how long one evaluation may run", { default: DEFAULT_POLICY_TIMEOUT_MS / 1000 }),
  "max-memory": numberFlag("MiB", "linear memory one evaluation may use (maxMemoryMiB in policies.yml sets it per policy); a policy that asks for more is answered as failed", { default: DEFAULT_MAX_MEMORY_MIB }),
  "fail-open": booleanFlag("admit a request when its evaluation fails or times out"),
  kubeconfig: stringFlag("file", "the cluster of the host capabilities and denial Events (default: KUBECONFIG or ~/.kube/config)"),
  "event-burst": numberFlag("n", "denial Events written at once before --event-qps applies", { integer: true, default: DEFAULT_EVENT_BURST }),
  "event-qps": numberFlag("n", "denial Events written per second after the burst; the others wait in a queue of 1000", { default: DEFAULT_EVENT_QPS }),
  ...REGISTRY_FLAGS,
  "insecure-registry": booleanFlag("the former name of --insecure, still accepted"),
  "verification-config": VERIFICATION_CONFIG_FLAG,
  "trusted-root": TRUSTED_ROOT_FLAG,
  register: booleanFlag(`write webhook configurations named ${DEFAULT_CONFIGURATION_NAME} pointing the cluster at https://<advertise-host>:<port>, and delete them when serve stops (SIGINT, SIGTERM)`),
  "advertise-host": stringFlag("host", "with --register: the address the cluster reaches this server at"),
  "failure-policy": choiceFlag(["Ignore", "Fail"], `with --register: what the API server does when serve does not answer (default ${DEFAULT_FAILURE_POLICY})`),
  namespace: listFlag("ns,…", "with --register: only these namespaces are sent to serve (cluster-scoped objects are then not sent)", { short: "n", commas: true }),
  "exclude-namespace": listFlag("ns,…", `with --register: never these (default ${DEFAULT_EXCLUDED_NAMESPACES.join(", ")})`, { commas: true }),
  "registration-name": stringFlag("name", "with --register: another name for the configurations, to run a second serve on the same cluster"),
  "keep-registration": booleanFlag("with --register: leave the configurations when serve stops"),
};
export type ServeFlags = typeof flags;

export const serve = defineCommand({
  name: "serve",
  summary: "serve policies over HTTPS as policy-server does, reloading them as they change",
  flags,
  details: [
    "--failure-policy is what the API server does when serve does not answer (stopped, suspended, unreachable): " +
      `${DEFAULT_FAILURE_POLICY} (default) admits the request unchecked after the webhook's 10 s timeout; ` +
      "Fail refuses it, so a serve that is gone blocks every matching request. A failed registration stops serve.",
    `SIGINT, SIGTERM: stop accepting connections, answer the reviews already received (at most ${DRAIN_TIMEOUT_MS / 1000} s), ` +
      `write the denial Events still pending (at most ${EVENTS_CLOSE_TIMEOUT_MS / 1000} s), exit 0; a second signal stops at once.`,
  ],
  examples: [
    { command: "wardenkit serve", description: "serve every dist/<name>.wasm over HTTPS on 127.0.0.1, reloading each as it is rebuilt" },
    { command: "wardenkit serve --config policies.yml --port 3000", description: "serve the policies of a policy-server config file" },
    { command: "wardenkit serve --register --advertise-host 172.18.0.1 -n shop", description: "send the cluster's reviews of namespace shop to this server until it stops" },
  ],
  load: () => import("../actions/serve.ts"),
});
