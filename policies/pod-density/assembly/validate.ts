import {
  ValidationRequest, ValidationResponse, accept, reject, CODE_BAD_REQUEST, CODE_INTERNAL_ERROR,
} from "../../../sdk/assembly";
import { Settings } from "./settings";
import { nodeLimit } from "./node-limit";
import { podsInNamespace, podsOnNode } from "./cluster";

/** Where a request names the node it places a pod on: a Binding's target, or a Pod's spec.nodeName. */
function nodeField(isBinding: bool): string {
  return isBinding ? "target.name" : "spec.nodeName";
}

export function validate(request: ValidationRequest): ValidationResponse {
  if (request.operation != "CREATE") return accept(); // only new pods and bindings add pods
  const settings = Settings.parse(request.settings);
  if (settings.error !== null) return reject("invalid settings: " + settings.error!, CODE_BAD_REQUEST);
  const kind = request.kind.kind;
  const isBinding = kind == "Binding";
  if (kind != "Pod" && !isBinding) return accept();
  if (request.subResource.length > 0 && !isBinding) return accept();
  if (!request.object.isObject) return reject("the request carries no " + kind + " to check", CODE_BAD_REQUEST);
  const field = request.object.path(nodeField(isBinding));
  if (!field.isAbsent && !field.isString) return reject(nodeField(isBinding) + " must be a node name, not " + field.typeName + " " + field.raw(), CODE_BAD_REQUEST);
  const node = field.stringOr("");
  if (isBinding && node.length == 0) return reject("the Binding names no target node", CODE_BAD_REQUEST);

  const response = accept();
  if (node.length > 0 && settings.limitsNodes) {
    const limit = nodeLimit(node, settings);
    if (limit.error !== null) return reject(limit.error!, CODE_INTERNAL_ERROR);
    if (limit.warning !== null) response.warn(limit.warning!);
    if (limit.limit > 0) {
      const pods = podsOnNode(node);
      if (pods.error !== null) return reject(pods.error!, CODE_INTERNAL_ERROR);
      if (pods.count >= limit.limit) return reject(tooMany("node " + node + " already runs", pods.count, limit.limit, limit.reason));
    }
  }
  // A binding places a pod that was counted in its namespace when it was created.
  if (isBinding || !settings.limitsNamespaces) return response;
  const namespace = request.namespace.length > 0 ? request.namespace : request.object.path("metadata.namespace").stringOr("");
  if (namespace.length == 0) return reject("the Pod has no namespace", CODE_BAD_REQUEST);
  const pods = podsInNamespace(namespace);
  if (pods.error !== null) return reject(pods.error!, CODE_INTERNAL_ERROR);
  if (pods.count >= settings.maxPodsPerNamespace) {
    return reject(tooMany("namespace " + namespace + " already has", pods.count, settings.maxPodsPerNamespace, "maxPodsPerNamespace"));
  }
  return response;
}

function tooMany(subject: string, count: i64, limit: i64, reason: string): string {
  return subject + " " + count.toString() + " pods, and its limit is " + limit.toString() + " (" + reason + ")";
}
