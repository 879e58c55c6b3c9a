// pod-density in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload and of the host's answers, the check, JSON.stringify of the answer.
// Faithful on the accepting path of the bench requests; not a second implementation of every
// message.

/**
 * @param {string} payload the validate payload
 * @param {readonly string[]} hostAnswers the host's answers, as the policy gets them
 * @returns {string} the answer
 */
export default function podDensity(payload, hostAnswers) {
  const { request, settings } = JSON.parse(payload);
  if (request.operation !== "CREATE") return JSON.stringify({ accepted: true });
  const node = request.kind.kind === "Binding" ? request.object?.target?.name : request.object?.spec?.nodeName;
  if (!node || !settings.maxPodsPerNode) return JSON.stringify({ accepted: true });
  const pods = JSON.parse(hostAnswers[0]);
  const active = pods.items.filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed").length;
  return JSON.stringify(active < settings.maxPodsPerNode ? { accepted: true } : { accepted: false, message: `node ${node} already runs ${active} pods` });
}
