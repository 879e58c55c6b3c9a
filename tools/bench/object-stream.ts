// A large multi-document YAML stream, as `helm template` prints for a big release: small
// Pods, Deployments, SQLClaims and ConfigMaps in turn (every seventh one breaking a policy),
// written as it is made so that the generator itself stays small in memory.
import { closeSync, openSync, writeSync } from "node:fs";
import { stringify } from "yaml";

export const STREAM_NAMESPACE = "wardenkit-e2e";
const NAME = "NAME-PLACEHOLDER";
const labels = { app: "shop", owner: "team-shop" };
const container = { name: "app", image: "registry.example/shop:1.0", securityContext: { runAsNonRoot: true } };

const TEMPLATES = [
  { apiVersion: "v1", kind: "Pod", metadata: { name: NAME, namespace: STREAM_NAMESPACE, labels }, spec: { containers: [container] } },
  {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: NAME, namespace: STREAM_NAMESPACE, labels },
    spec: { replicas: 2, selector: { matchLabels: { app: "shop" } }, template: { metadata: { labels }, spec: { containers: [container] } } },
  },
  {
    apiVersion: "devopstoolkitseries.com/v1alpha1", kind: "SQLClaim", metadata: { name: NAME, namespace: STREAM_NAMESPACE, labels },
    spec: { id: NAME, parameters: { size: "small", version: "16" }, compositionSelector: { matchLabels: { provider: "aws", db: "postgresql" } } },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: NAME, namespace: STREAM_NAMESPACE, labels }, data: { mode: "fast", region: "eu-west-1" } },
];

/** The same object breaking a policy: unlabelled, run as root, or a claim too large. */
function broken(template: (typeof TEMPLATES)[number]): object {
  const object = structuredClone(template) as Record<string, any>;
  if (object.kind === "SQLClaim") object.spec.parameters.size = "large";
  else if (object.kind === "Deployment") object.spec.template.spec.securityContext = { runAsUser: 0 };
  else delete object.metadata.labels;
  return object;
}

const documents = (objects: object[]) => objects.map((o) => `---\n${stringify(o, { aliasDuplicateObjects: false })}`);
const [GOOD, BROKEN] = [documents(TEMPLATES), documents(TEMPLATES.map(broken))];
const NAMESPACE_DOCUMENT = `---\n${stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: STREAM_NAMESPACE } })}`;

/** Writes a Namespace and `count` objects to `file`; returns the bytes written. */
export function writeObjectStream(file: string, count: number): number {
  const fd = openSync(file, "w");
  let bytes = writeSync(fd, NAMESPACE_DOCUMENT);
  try {
    let chunk = "";
    for (let i = 0; i < count; i++) {
      const name = `${TEMPLATES[i % 4].kind.toLowerCase()}-${i}`;
      chunk += (i % 7 === 0 ? BROKEN : GOOD)[i % 4].replaceAll(NAME, name);
      if (chunk.length > 1 << 20 || i === count - 1) {
        bytes += writeSync(fd, chunk);
        chunk = "";
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
