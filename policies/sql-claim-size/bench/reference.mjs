// sql-claim-size in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload, the check, JSON.stringify of the answer. Faithful on the accepting
// path of the bench requests; not a second implementation of every message.

/** @param {string} payload the validate payload @returns {string} the answer */
export default function sqlClaimSize(payload) {
  const { request, settings } = JSON.parse(payload);
  if (request.operation === "DELETE") return JSON.stringify({ accepted: true });
  const size = request.object?.spec?.parameters?.size;
  if (typeof size === "string" && settings.allowedSizes.includes(size)) return JSON.stringify({ accepted: true });
  return JSON.stringify({ accepted: false, message: `${request.object?.metadata?.name} asks for size '${size}', which is not allowed` });
}
