// The four rules written in plain TypeScript, the baseline a policy is weighed
// against: JSON.parse of the payload, the check, JSON.stringify of the answer.
// They cover the accepting path of the bench requests faithfully; they are not
// a second implementation of every message the policies give.

/** Takes the validate payload and the host's answers (as the policy gets them as text); returns the answer text. */
export type ReferenceRule = (payload: string, hostAnswers: readonly string[]) => string;

type Json = Record<string, any>;

const answer = (message?: string): string => JSON.stringify(message === undefined ? { accepted: true } : { accepted: false, message });

function requiredLabels(payload: string): string {
  const { request, settings } = JSON.parse(payload) as Json;
  if (request.operation === "DELETE") return answer();
  const metadata = request.object?.metadata ?? {};
  const missingLabels = (settings.requiredLabels ?? []).filter((key: string) => !Object.hasOwn(metadata.labels ?? {}, key));
  const missingAnnotations = (settings.requiredAnnotations ?? []).filter((key: string) => !Object.hasOwn(metadata.annotations ?? {}, key));
  if (missingLabels.length + missingAnnotations.length === 0) return answer();
  return answer(`${request.kind.kind} ${metadata.name} is missing required labels ${missingLabels.join(", ")} and annotations ${missingAnnotations.join(", ")}`);
}

function sqlClaimSize(payload: string): string {
  const { request, settings } = JSON.parse(payload) as Json;
  if (request.operation === "DELETE") return answer();
  const size = request.object?.spec?.parameters?.size;
  if (typeof size === "string" && settings.allowedSizes.includes(size)) return answer();
  return answer(`${request.object?.metadata?.name} asks for size '${size}', which is not allowed`);
}

function podSpecOf(kind: string, object: Json): Json | undefined {
  if (kind === "Pod") return object.spec;
  if (kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec;
  return object.spec?.template?.spec;
}

function runAsNonRoot(payload: string): string {
  const { request, settings } = JSON.parse(payload) as Json;
  if (request.operation === "DELETE") return answer();
  const spec = podSpecOf(request.kind.kind, request.object ?? {});
  if (!spec) return answer();
  const allowed = new Set((settings.allowedCapabilities ?? []).map((c: string) => c.toUpperCase().replace(/^CAP_/, "")));
  const pod = spec.securityContext ?? {};
  const problems: string[] = [];
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    const own = container.securityContext ?? {};
    const user = own.runAsUser ?? pod.runAsUser;
    if (user === 0) problems.push(`container ${container.name} runs as root`);
    else if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true && user === undefined) problems.push(`container ${container.name} does not set runAsNonRoot`);
    const added = (own.capabilities?.add ?? []).filter((c: string) => !allowed.has(c.toUpperCase().replace(/^CAP_/, "")));
    if (added.length > 0) problems.push(`container ${container.name} adds capabilities ${added.join(", ")}`);
  }
  return answer(problems.length === 0 ? undefined : problems.join("; "));
}

function podDensity(payload: string, hostAnswers: readonly string[]): string {
  const { request, settings } = JSON.parse(payload) as Json;
  if (request.operation !== "CREATE") return answer();
  const node = request.kind.kind === "Binding" ? request.object?.target?.name : request.object?.spec?.nodeName;
  if (!node || !settings.maxPodsPerNode) return answer();
  const pods = JSON.parse(hostAnswers[0]) as Json;
  const active = pods.items.filter((p: Json) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed").length;
  return answer(active < settings.maxPodsPerNode ? undefined : `node ${node} already runs ${active} pods`);
}

export const REFERENCE_RULES: Record<string, ReferenceRule> = {
  "required-labels": requiredLabels,
  "sql-claim-size": sqlClaimSize,
  "run-as-non-root": runAsNonRoot,
  "pod-density": podDensity,
};
