// trusted-images in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload, the check, JSON.stringify of the answer. Faithful on the accepting
// path of the bench requests (registries and latest tags); not a second implementation of
// every message, of the reference grammar, or of pinning and signatures.

/** The pod spec of a Pod, a CronJob or any workload with a pod template. */
function podSpecOf(kind, object) {
  if (kind === "Pod") return object.spec;
  if (kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec;
  return object.spec?.template?.spec;
}

/** Registry, tag and digest of a reference, with Docker Hub's defaults. */
function parseImage(image) {
  const [named, digest] = image.split("@");
  const slash = named.indexOf("/");
  const first = slash < 0 ? "" : named.slice(0, slash);
  const registry = /[.:]/.test(first) || first === "localhost" ? first : "docker.io";
  const colon = named.lastIndexOf(":");
  const tag = colon > named.lastIndexOf("/") ? named.slice(colon + 1) : undefined;
  return { registry: registry === "index.docker.io" ? "docker.io" : registry, tag, digest };
}

/** @param {string} payload the validate payload @returns {string} the answer */
export default function trustedImages(payload) {
  const { request, settings } = JSON.parse(payload);
  const spec = podSpecOf(request.kind.kind, request.object ?? {});
  if (!spec) return JSON.stringify({ accepted: true });
  const allowed = new Set(settings.allowedRegistries.map((r) => r.toLowerCase()));
  const problems = [];
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    const { registry, tag, digest } = parseImage(container.image);
    if (!allowed.has(registry.toLowerCase())) problems.push(`container ${container.name}: image "${container.image}" comes from registry ${registry}`);
    else if (settings.rejectLatest !== false && (tag === "latest" || (tag === undefined && digest === undefined))) {
      problems.push(`container ${container.name}: image "${container.image}" uses latest`);
    }
  }
  if (problems.length > 0) return JSON.stringify({ accepted: false, message: problems.join("; ") });
  return JSON.stringify({ accepted: true });
}
