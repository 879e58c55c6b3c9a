// Asking the cluster whether a user may act, through Kubewarden's
// `kubernetes/can_i` host capability: the host creates a SubjectAccessReview
// (not limited by contextAwareResources) and answers its status. The request
// carries the SubjectAccessReview object itself, as policy-sdk-rust sends it.
import { JsonWriter } from "../json/write";
import { callJson, missingField, optionalString } from "./json-call";

/**
 * The rest of the SubjectAccessReview: the user's groups, the resource's API
 * group, version, namespace, name and subresource (null: unset), and whether to
 * skip the host's cache.
 *
 * @example
 * canI("system:serviceaccount:shop:deployer", "create", "pods", { namespace: "shop", groups: ["system:serviceaccounts"] });
 */
export class CanIOptions {
  groups: string[] | null = null;
  group: string | null = null;
  version: string | null = null;
  namespace: string | null = null;
  name: string | null = null;
  subresource: string | null = null;
  disableCache: bool = false;
}

/**
 * The review's status when `ok` (`allowed`, `denied`, `reason`, `evaluationError`,
 * empty when the API server gave none), else `error`, the first line of the host's message.
 *
 * @example
 * const review = canI(request.userInfo.username, "delete", "namespaces");
 * if (review.ok && !review.allowed) return reject(request.userInfo.username + " may not delete namespaces: " + review.reason);
 */
export class CanIResult {
  constructor(
    readonly ok: bool, readonly allowed: bool, readonly denied: bool, readonly reason: string,
    readonly evaluationError: string, readonly error: string,
  ) {}
}

/**
 * Asks whether `user` may `verb` the `resource` (a plural name, e.g. "pods").
 *
 * @example
 * const review = canI(user, "get", "secrets", { namespace: "shop", name: "token" });
 * if (!review.ok) return reject("the access review failed: " + review.error, CODE_INTERNAL_ERROR);
 */
export function canI(user: string, verb: string, resource: string, options: CanIOptions = new CanIOptions()): CanIResult {
  // policy-sdk-rust's CanIRequest as serde writes it: the review's user, groups and
  // resource_attributes flat under subject_access_review; the host builds the SubjectAccessReview.
  const out = new JsonWriter().beginObject().key("subject_access_review").beginObject();
  const groups = options.groups;
  if (groups !== null) out.key("groups").strings(groups);
  out.key("resource_attributes").beginObject();
  optionalString(out, "group", options.group);
  optionalString(out, "name", options.name);
  optionalString(out, "namespace", options.namespace);
  out.key("resource").string(resource);
  optionalString(out, "subresource", options.subresource);
  out.key("verb").string(verb);
  optionalString(out, "version", options.version);
  out.endObject().key("user").string(user).endObject().key("disable_cache").bool(options.disableCache);
  const answer = callJson("kubernetes", "can_i", out.endObject().toString());
  if (!answer.ok) return new CanIResult(false, false, false, "", "", answer.error);
  const status = answer.value.pick(["allowed", "denied", "reason", "evaluationError"]);
  if (!status[0].isBool) return new CanIResult(false, false, false, "", "", missingField("can_i", "allowed"));
  return new CanIResult(true, status[0].isTrue, status[1].isTrue, status[2].stringOr(""), status[3].stringOr(""), "");
}
