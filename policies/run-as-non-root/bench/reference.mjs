// run-as-non-root in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload, the check, JSON.stringify of the answer. Faithful on the accepting
// path of the bench requests; not a second implementation of every message.

/** The pod spec of a Pod, a CronJob or any workload with a pod template. */
function podSpecOf(kind, object) {
  if (kind === "Pod") return object.spec;
  if (kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec;
  return object.spec?.template?.spec;
}

const capability = (name) => name.toUpperCase().replace(/^CAP_/, "");

/** @param {string} payload the validate payload @returns {string} the answer */
export default function runAsNonRoot(payload) {
  const { request, settings } = JSON.parse(payload);
  if (request.operation === "DELETE") return JSON.stringify({ accepted: true });
  const spec = podSpecOf(request.kind.kind, request.object ?? {});
  if (!spec) return JSON.stringify({ accepted: true });
  const allowed = new Set((settings.allowedCapabilities ?? []).map(capability));
  const pod = spec.securityContext ?? {};
  const problems = [];
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    const own = container.securityContext ?? {};
    const user = own.runAsUser ?? pod.runAsUser;
    if (user === 0) problems.push(`container ${container.name} runs as root`);
    else if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true && user === undefined) problems.push(`container ${container.name} does not set runAsNonRoot`);
    const added = (own.capabilities?.add ?? []).filter((c) => !allowed.has(capability(c)));
    if (added.length > 0) problems.push(`container ${container.name} adds capabilities ${added.join(", ")}`);
  }
  return JSON.stringify(problems.length === 0 ? { accepted: true } : { accepted: false, message: problems.join("; ") });
}
