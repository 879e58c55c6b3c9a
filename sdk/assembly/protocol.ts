// The Kubewarden policy protocol: the validation request a policy reads, and
// the answers it gives (written with JsonWriter, snake_case on the wire).
import { JsonWriter } from "./json/write";
import { JsonValue, JsonFields } from "./json/value";

/**
 * The HTTP code of a rejection for a malformed object or invalid settings.
 *
 * @example
 * return reject("spec.nodeName must be a string, not number 7", CODE_BAD_REQUEST);
 */
export const CODE_BAD_REQUEST: i32 = 400;

/**
 * The HTTP code of a rejection the policy could not decide, e.g. because the
 * cluster could not be read.
 *
 * @example
 * if (!result.ok) return reject("the cluster could not be read: " + result.error, CODE_INTERNAL_ERROR);
 */
export const CODE_INTERNAL_ERROR: i32 = 500;

/**
 * The operations of an admission request, as flags: a policy declares the ones
 * it reviews with `|`, and the SDK accepts the others without asking it.
 *
 * @example
 * definePolicy<Settings>(parseSettings, validate, Operation.Create | Operation.Update);
 */
export enum Operation {
  Create = 1,
  Update = 2,
  Delete = 4,
  Connect = 8,
}

/**
 * Every operation: for policies that review DELETE and CONNECT as well.
 *
 * @example
 * definePolicy<Settings>(parseSettings, validate, ALL_OPERATIONS);
 */
export const ALL_OPERATIONS: i32 = Operation.Create | Operation.Update | Operation.Delete | Operation.Connect;

/** The wire names, in flag order. */
// @ts-ignore: decorator
@lazy const OPERATION_NAMES: StaticArray<string> = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

/**
 * The group, version and kind of an object, e.g. apps/v1 Deployment (the core
 * group is "").
 *
 * @example
 * const kind = request.kind;
 * if (kind.is("apps", "v1", "Deployment")) return reviewDeployment(request);
 */
export class GroupVersionKind {
  constructor(readonly group: string, readonly version: string, readonly kind: string) {}

  /** Reads `{group, version, kind}`; absent fields read as "". */
  static from(value: JsonValue): GroupVersionKind {
    return new GroupVersionKind(value.get("group").stringOr(""), value.get("version").stringOr(""), value.get("kind").stringOr(""));
  }

  /** Whether this is exactly `group`, `version` and `kind`. */
  is(group: string, version: string, kind: string): bool {
    return this.kind == kind && this.version == version && this.group == group;
  }
}

/**
 * The group, version and resource (plural, lower case) a request addresses.
 *
 * @example
 * if (request.resource.resource == "pods") return reviewPod(request);
 */
export class GroupVersionResource {
  constructor(readonly group: string, readonly version: string, readonly resource: string) {}

  /** Reads `{group, version, resource}`; absent fields read as "". */
  static from(value: JsonValue): GroupVersionResource {
    return new GroupVersionResource(value.get("group").stringOr(""), value.get("version").stringOr(""), value.get("resource").stringOr(""));
  }
}

/**
 * Who sent the request.
 *
 * @example
 * if (request.userInfo.groups.includes("system:masters")) return accept();
 */
export class UserInfo {
  constructor(readonly username: string, readonly groups: string[]) {}

  /** Reads `{username, groups}`; entries of groups that are not strings are left out. */
  static from(value: JsonValue): UserInfo {
    const groups = new Array<string>();
    const list = value.get("groups");
    for (let i = 0, n = list.length; i < n; i++) {
      const g = list.at(i).asString();
      if (g !== null) groups.push(g);
    }
    return new UserInfo(value.get("username").stringOr(""), groups);
  }
}

const REQUEST_FIELDS = ["uid", "operation", "kind", "resource", "subResource", "name", "namespace", "object", "oldObject"];
const OPERATION_FIELD = 1;

/**
 * The AdmissionRequest under review. Absent and null fields read alike: strings
 * as "", objects as a value whose `isAbsent` is true. Fields are found in one
 * pass and decoded only when read.
 *
 * @example
 * export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
 *   const object = request.object;
 *   if (!object.isObject) return reject(describeObject(request, object) + " carries no object", CODE_BAD_REQUEST);
 *   return accept();
 * }
 */
export class ValidationRequest {
  /** The whole `request` object, for fields without a getter. */
  readonly request: JsonValue;
  /** The policy's settings as sent (the policy reads them through its settings parser). */
  readonly settings: JsonValue;
  /** The object under review (absent on DELETE). */
  readonly object: JsonValue;
  /** The previous object (UPDATE), or the deleted one (DELETE). */
  readonly oldObject: JsonValue;
  /** REQUEST_FIELDS, found in one pass; values are made only for fields read. */
  private readonly fields: JsonFields;

  /** Made by the SDK for each validate call. */
  constructor(request: JsonValue, settings: JsonValue) {
    this.request = request;
    this.settings = settings;
    const fields = request.fields(REQUEST_FIELDS);
    this.object = fields.at(7);
    this.oldObject = fields.at(8);
    this.fields = fields;
  }

  private field(index: i32): JsonValue {
    return this.fields.at(index);
  }

  /** The request's uid, which the answer echoes. */
  get uid(): string { return this.field(0).stringOr(""); }
  /** CREATE, UPDATE, DELETE or CONNECT (isOperation compares without decoding). */
  get operation(): string { return this.field(OPERATION_FIELD).stringOr(""); }
  /** The kind of the object, e.g. apps/v1 Deployment. */
  get kind(): GroupVersionKind { return GroupVersionKind.from(this.field(2)); }
  /** The resource addressed, e.g. apps/v1 deployments. */
  get resource(): GroupVersionResource { return GroupVersionResource.from(this.field(3)); }
  /** The subresource ("status", "binding", …), or "". */
  get subResource(): string { return this.field(4).stringOr(""); }
  /** The object's name ("" when the API server has not given one yet). */
  get name(): string { return this.field(5).stringOr(""); }
  /** The object's namespace ("" for cluster-scoped objects). */
  get namespace(): string { return this.field(6).stringOr(""); }

  /** The kind the client asked for, when the API server converted it; else `kind`. */
  get requestKind(): GroupVersionKind {
    const value = this.request.get("requestKind");
    return value.isObject ? GroupVersionKind.from(value) : this.kind;
  }

  /** Who sent the request. */
  get userInfo(): UserInfo {
    return UserInfo.from(this.request.get("userInfo"));
  }

  /** Whether the request is a dry run (nothing will be stored). */
  get dryRun(): bool {
    return this.request.get("dryRun").isTrue;
  }

  /**
   * Whether the request's operation is one of `operations` (flags).
   *
   * @example
   * if (request.isOperation(Operation.Update)) return reject(message + " (a Pod cannot change after creation)");
   */
  isOperation(operations: i32): bool {
    const value = this.field(OPERATION_FIELD);
    for (let i = 0; i < OPERATION_NAMES.length; i++) {
      if ((operations & (1 << i)) != 0 && value.equals(unchecked(OPERATION_NAMES[i]))) return true;
    }
    return false;
  }
}

/**
 * A policy's answer to one validation request. Make one with `accept`,
 * `reject` or `mutate`; add warnings and audit annotations with `warn` and
 * `annotate`. Its fields can be read but not changed.
 *
 * @example
 * return accept().warn("image tag latest is discouraged");
 */
export class ValidationResponse {
  /** Whether the request is admitted. */
  readonly accepted: bool;
  /** Why it is rejected (null when accepted). */
  readonly message: string | null;
  /** The HTTP code of a rejection; 0 leaves it to the API server. */
  readonly code: i32;
  /** The object's new content, as JSON text (null when nothing changes). */
  readonly mutatedObject: string | null;
  private warningList: string[] | null = null;
  private annotationList: string[] | null = null;

  /** Use `accept`, `reject` or `mutate` instead. */
  constructor(accepted: bool, message: string | null, code: i32, mutatedObject: string | null) {
    this.accepted = accepted;
    this.message = message;
    this.code = code;
    this.mutatedObject = mutatedObject;
  }

  /** The warnings added so far (empty when none). */
  get warnings(): string[] {
    const list = this.warningList;
    return list === null ? [] : list.slice(0);
  }

  /** The audit annotations added so far, as key, value, key, value, … */
  get auditAnnotations(): string[] {
    const list = this.annotationList;
    return list === null ? [] : list.slice(0);
  }

  /**
   * Adds a warning shown to the user by kubectl, whatever the verdict.
   *
   * @example
   * return accept().warn("node " + node + " has no instance type label");
   */
  warn(warning: string): ValidationResponse {
    let list = this.warningList;
    if (list === null) this.warningList = list = [];
    list.push(warning);
    return this;
  }

  /**
   * Adds an audit annotation recorded in the API server's audit log.
   *
   * @example
   * return accept().annotate("checked-by", "required-labels");
   */
  annotate(key: string, value: string): ValidationResponse {
    let list = this.annotationList;
    if (list === null) this.annotationList = list = [];
    list.push(key);
    list.push(value);
    return this;
  }

  /** Nothing but `accepted: true`: the common answer, sent without being written. */
  get isPlainAccept(): bool {
    return this.accepted && this.message === null && this.code == 0 && this.mutatedObject === null
      && this.warningList === null && this.annotationList === null;
  }

  /**
   * The answer as Kubewarden reads it (snake_case names, absent fields left out).
   *
   * @example
   * reject("no", 400).toJson() // {"accepted":false,"message":"no","code":400}
   */
  toJson(): string {
    const out = new JsonWriter().beginObject().key("accepted").bool(this.accepted);
    const message = this.message;
    if (message !== null) out.key("message").string(message);
    if (this.code != 0) out.key("code").integer(this.code);
    const mutated = this.mutatedObject;
    if (mutated !== null) out.key("mutated_object").raw(mutated);
    const warnings = this.warningList;
    if (warnings !== null) out.key("warnings").strings(warnings);
    const annotations = this.annotationList;
    if (annotations !== null) {
      out.key("audit_annotations").beginObject();
      for (let i = 0; i + 1 < annotations.length; i += 2) out.key(unchecked(annotations[i])).string(unchecked(annotations[i + 1]));
      out.endObject();
    }
    return out.endObject().toString();
  }
}

/**
 * The answer to validate_settings. The SDK writes it from what the policy's
 * settings parser reported; a policy does not make one itself.
 *
 * @example
 * new SettingsValidationResponse("maxPods must be a whole number").toJson() // {"valid":false,"message":"maxPods must be a whole number"}
 */
export class SettingsValidationResponse {
  /** Valid when `error` is null, else invalid with `error` as its message. */
  constructor(readonly error: string | null) {}

  /** Whether the settings are valid. */
  get valid(): bool {
    return this.error === null;
  }

  /** The answer as Kubewarden reads it: `{"valid":…,"message":…}`. */
  toJson(): string {
    const out = new JsonWriter().beginObject().key("valid").bool(this.valid);
    const error = this.error;
    if (error !== null) out.key("message").string(error);
    return out.endObject().toString();
  }
}

/**
 * Accepts the request unchanged.
 *
 * @example
 * if (settings.allows(size)) return accept();
 */
export function accept(): ValidationResponse {
  return new ValidationResponse(true, null, 0, null);
}

/**
 * Rejects the request. `code` 0 leaves the HTTP code to the API server;
 * use CODE_BAD_REQUEST when the object itself is malformed.
 *
 * @example
 * return reject(describeObject(request, object) + " is missing required labels team");
 */
export function reject(message: string, code: i32 = 0): ValidationResponse {
  return new ValidationResponse(false, message, code, null);
}

/**
 * Accepts the request with `objectJson` (the full object, as JSON text) as its
 * new content; setPath makes it from the request's object.
 *
 * @example
 * const patched = setPath(request.object, ["spec", "securityContext", "runAsNonRoot"], "true");
 * if (patched !== null) return mutate(patched);
 */
export function mutate(objectJson: string): ValidationResponse {
  return new ValidationResponse(true, null, 0, objectJson);
}
