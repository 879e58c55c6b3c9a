// required-labels in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload, the check, JSON.stringify of the answer. Faithful on the accepting
// path of the bench requests; not a second implementation of every message.

/** @param {string} payload the validate payload @returns {string} the answer */
export default function requiredLabels(payload) {
  const { request, settings } = JSON.parse(payload);
  if (request.operation === "DELETE") return JSON.stringify({ accepted: true });
  const metadata = request.object?.metadata ?? {};
  const missingLabels = (settings.requiredLabels ?? []).filter((key) => !Object.hasOwn(metadata.labels ?? {}, key));
  const missingAnnotations = (settings.requiredAnnotations ?? []).filter((key) => !Object.hasOwn(metadata.annotations ?? {}, key));
  if (missingLabels.length + missingAnnotations.length === 0) return JSON.stringify({ accepted: true });
  const message = `${request.kind.kind} ${metadata.name} is missing required labels ${missingLabels.join(", ")} and annotations ${missingAnnotations.join(", ")}`;
  return JSON.stringify({ accepted: false, message });
}
