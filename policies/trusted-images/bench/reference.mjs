// trusted-images in plain JavaScript, the baseline `npm run bench` weighs the module against:
// JSON.parse of the payload, the check, JSON.stringify of the answer.

/** @param {string} payload the validate payload @returns {string} the answer */
export default function reference(payload) {
  const { request, settings } = JSON.parse(payload);
  const name = request.object?.metadata?.name;
  if ((settings.deniedNames ?? []).includes(name)) return JSON.stringify({ accepted: false, message: `uses the denied name ${name}` });
  return JSON.stringify({ accepted: true });
}
