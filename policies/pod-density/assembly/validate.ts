import {
  ValidationRequest, ValidationResponse, JsonValue, decimal, mustBe, accept, reject, describeObject, CODE_BAD_REQUEST, CODE_INTERNAL_ERROR,
} from "@wardenkit/sdk";
import { Settings } from "./settings";
import { nodeLimit } from "./node-limit";
import { podsInNamespace, podsOnNode } from "./cluster";

/** Where a request names the node it places a pod on: a Binding's target, or a Pod's spec.nodeName. */
function nodeField(isBinding: bool): string {
  return isBinding ? "target.name" : "spec.nodeName";
}

/** A 400 naming the object and what is wrong with it. */
function badRequest(request: ValidationRequest, object: JsonValue, problem: string): ValidationResponse {
  return reject(describeObject(request, object) + ": " + problem, CODE_BAD_REQUEST);
}

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const kind = request.kind;
  const isBinding = kind.is("", "v1", "Binding");
  if (!kind.is("", "v1", "Pod") && !isBinding) return accept();
  if (request.subResource.length > 0 && !isBinding) return accept();
  const object = request.object;
  if (!object.isObject) return badRequest(request, object, "the request carries no object");
  const field = object.path(nodeField(isBinding));
  const node = field.stringOr("");
  // A Pod may leave its node to the scheduler; a Binding must name one.
  if ((!field.isAbsent && !field.isString) || (isBinding && node.length == 0)) return badRequest(request, object, mustBe(nodeField(isBinding), "a node name", field));

  const response = accept();
  if (node.length > 0 && settings.limitsNodes) {
    const limit = nodeLimit(node, settings);
    if (limit.error !== null) return reject(limit.error!, CODE_INTERNAL_ERROR);
    if (limit.warning !== null) response.warn(limit.warning!);
    if (limit.limit > 0) {
      const pods = podsOnNode(node);
      if (pods.error !== null) return reject(pods.error!, CODE_INTERNAL_ERROR);
      if (pods.count >= limit.limit) return reject(describeObject(request, object) + " cannot be placed on node " + node + ": " + tooMany("it already runs", pods.count, limit.limit, limit.reason));
    }
  }
  // A binding places a pod that was counted in its namespace when it was created.
  if (isBinding || !settings.limitsNamespaces) return response;
  const namespace = request.namespace.length > 0 ? request.namespace : object.path("metadata.namespace").stringOr("");
  if (namespace.length == 0) return badRequest(request, object, mustBe("metadata.namespace", "a namespace name", object.path("metadata.namespace")));
  const pods = podsInNamespace(namespace);
  if (pods.error !== null) return reject(pods.error!, CODE_INTERNAL_ERROR);
  if (pods.count >= settings.maxPodsPerNamespace) {
    return reject(describeObject(request, object) + " cannot be created: " + tooMany("namespace " + namespace + " already has", pods.count, settings.maxPodsPerNamespace, "maxPodsPerNamespace"));
  }
  return response;
}

function tooMany(subject: string, count: i64, limit: i64, reason: string): string {
  return subject + " " + decimal(count) + " pods, and its limit is " + decimal(limit) + " (" + reason + ")";
}
