// Writes the realistic requests of `npm run bench` into bench/requests/: a Pod
// of about 5 KB with several containers, a Deployment, a SQLClaim, and a
// Binding with the 100 pods already on its node. Run once, by hand, when the
// shapes below change: `npx tsx tools/bench/generate-requests.ts`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./bench-project.ts";

const NODE = "ip-10-0-12-34.eu-west-1.compute.internal";
const NAMESPACE = "shop";
const USER = { username: "system:serviceaccount:kube-system:replicaset-controller", uid: "0f6c4b3a-6d0e-4a8f-b1a2-0c9d8e7f6a5b", groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"] };

function container(name: string, image: string, port: number, extraEnv: number) {
  return {
    name,
    image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
    env: [
      { name: "POD_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "orders-db-conn", key: "url" } } },
      ...Array.from({ length: extraEnv }, (_, i) => ({ name: `FEATURE_FLAG_${i}`, value: i % 2 === 0 ? "enabled" : "disabled" })),
    ],
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    volumeMounts: [
      { name: "config", mountPath: "/etc/app", readOnly: true },
      { name: "kube-api-access-7x2lq", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true },
    ],
    livenessProbe: { httpGet: { path: "/healthz", port, scheme: "HTTP" }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    securityContext: { runAsUser: 10001, runAsGroup: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}

function podSpec(nodeName?: string) {
  return {
    ...(nodeName ? { nodeName } : {}),
    serviceAccountName: "checkout",
    securityContext: { runAsNonRoot: true, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
    initContainers: [container("migrate", "registry.example.com/shop/checkout-migrate:2.14.1", 8081, 0)],
    containers: [
      container("checkout", "registry.example.com/shop/checkout:2.14.1", 8080, 3),
      container("envoy", "envoyproxy/envoy:v1.31.2", 15001, 0),
      container("log-shipper", "fluent/fluent-bit:3.1.9", 2020, 0),
    ],
    volumes: [
      { name: "config", configMap: { name: "checkout-config", defaultMode: 420 } },
      { name: "kube-api-access-7x2lq", projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "token" } }, { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } }] } },
    ],
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    schedulerName: "default-scheduler",
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: "PreemptLowerPriority",
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
  };
}

const LABELS = { app: "checkout", owner: "team-shop", tier: "backend", "app.kubernetes.io/name": "checkout", "app.kubernetes.io/version": "2.14.1", "pod-template-hash": "7d9f8c6b5" };
const ANNOTATIONS = { "shop.example.com/oncall": "team-shop@example.com", "prometheus.io/scrape": "true", "prometheus.io/port": "9090" };

function review(kind: { group: string; version: string; kind: string }, resource: string, name: string, object: unknown, subResource?: string) {
  const gvr = { group: kind.group, version: kind.version, resource };
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid: "7f0c9a1e-3b2d-4c5e-8f9a-0b1c2d3e4f5a", kind, resource: gvr, ...(subResource ? { subResource } : {}),
      requestKind: kind, requestResource: gvr, name, namespace: NAMESPACE, operation: "CREATE", userInfo: USER,
      object, oldObject: null, dryRun: false,
      options: { apiVersion: "meta.k8s.io/v1", kind: "CreateOptions" },
    },
  };
}

function pod(name: string, nodeName?: string, phase = "Running") {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name, namespace: NAMESPACE, uid: "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", generateName: "checkout-7d9f8c6b5-",
      creationTimestamp: "2026-03-02T10:15:00Z", labels: LABELS, annotations: ANNOTATIONS,
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "checkout-7d9f8c6b5", uid: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", controller: true, blockOwnerDeletion: true }],
    },
    spec: podSpec(nodeName),
    ...(nodeName ? { status: { phase, hostIP: "10.0.12.34", podIP: "10.0.12.77", qosClass: "Burstable", startTime: "2026-03-02T10:15:02Z" } } : {}),
  };
}

/** A pod as the API server lists it, trimmed to one plain container; one in ten has finished. */
function listedPod(index: number) {
  const base = pod(`web-${index}`, NODE, index % 10 === 9 ? "Succeeded" : "Running");
  const { name, image, ports, resources } = base.spec.containers[0];
  return { ...base, spec: { nodeName: NODE, serviceAccountName: "checkout", containers: [{ name, image, ports, resources }], restartPolicy: "Always" } };
}

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "checkout", namespace: NAMESPACE, labels: LABELS, annotations: ANNOTATIONS },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "checkout" } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    template: { metadata: { labels: LABELS, annotations: ANNOTATIONS }, spec: podSpec() },
  },
};

const claim = {
  apiVersion: "devopstoolkitseries.com/v1alpha1",
  kind: "SQLClaim",
  metadata: { name: "orders-db", namespace: NAMESPACE, labels: { owner: "team-shop" } },
  spec: { id: "orders-db", compositionSelector: { matchLabels: { provider: "aws", db: "postgresql" } }, parameters: { version: "15", size: "medium" } },
};

const binding = {
  apiVersion: "v1",
  kind: "Binding",
  metadata: { name: "checkout-7d9f8c6b5-x2k4p", namespace: NAMESPACE },
  target: { apiVersion: "v1", kind: "Node", name: NODE },
};

const files: Record<string, unknown> = {
  "pod.json": review({ group: "", version: "v1", kind: "Pod" }, "pods", "checkout-7d9f8c6b5-x2k4p", pod("checkout-7d9f8c6b5-x2k4p")),
  "deployment.json": review({ group: "apps", version: "v1", kind: "Deployment" }, "deployments", "checkout", deployment),
  "sqlclaim.json": review({ group: "devopstoolkitseries.com", version: "v1alpha1", kind: "SQLClaim" }, "sqlclaims", "orders-db", claim),
  "binding.json": review({ group: "", version: "v1", kind: "Binding" }, "pods", "checkout-7d9f8c6b5-x2k4p", binding, "binding"),
  "pods-on-node.json": { apiVersion: "v1", kind: "List", items: Array.from({ length: 100 }, (_, i) => listedPod(i)) },
};

const dir = join(BENCH_DIR, "requests");
mkdirSync(dir, { recursive: true });
for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value, null, 2) + "\n");
console.log(`wrote ${Object.keys(files).length} files to bench/requests/`);
