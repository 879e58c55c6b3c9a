// The Kubewarden policy protocol (contract §3): the validation request a policy
// reads, and the responses it writes (snake_case on the wire).
import { JSON } from "json-as";
import { JsonValue } from "./json/value";

/** HTTP codes a policy answers with. */
export const CODE_BAD_REQUEST: i32 = 400;
export const CODE_FORBIDDEN: i32 = 403;
export const CODE_INTERNAL_ERROR: i32 = 500;

export class GroupVersionKind {
  constructor(public group: string, public version: string, public kind: string) {}
  static from(value: JsonValue): GroupVersionKind {
    return new GroupVersionKind(value.get("group").stringOr(""), value.get("version").stringOr(""), value.get("kind").stringOr(""));
  }
}

export class GroupVersionResource {
  constructor(public group: string, public version: string, public resource: string) {}
  static from(value: JsonValue): GroupVersionResource {
    return new GroupVersionResource(value.get("group").stringOr(""), value.get("version").stringOr(""), value.get("resource").stringOr(""));
  }
}

export class UserInfo {
  constructor(public username: string, public groups: string[]) {}
  static from(value: JsonValue): UserInfo {
    const groups = new Array<string>();
    const items = value.get("groups").items();
    for (let i = 0; i < items.length; i++) {
      const g = items[i].asString();
      if (g !== null) groups.push(g);
    }
    return new UserInfo(value.get("username").stringOr(""), groups);
  }
}

/**
 * The AdmissionRequest under review, plus the policy settings. Absent and null
 * fields read alike: strings as "", objects as a value whose `isAbsent` is true.
 */
export class ValidationRequest {
  /** The whole `request` object, for fields without a getter. */
  readonly request: JsonValue;
  readonly settings: JsonValue;
  readonly uid: string;
  readonly operation: string;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource: string;
  readonly name: string;
  readonly namespace: string;
  readonly object: JsonValue;
  readonly oldObject: JsonValue;

  constructor(request: JsonValue, settings: JsonValue) {
    this.request = request;
    this.settings = settings;
    this.uid = request.get("uid").stringOr("");
    this.operation = request.get("operation").stringOr("");
    this.kind = GroupVersionKind.from(request.get("kind"));
    this.resource = GroupVersionResource.from(request.get("resource"));
    this.subResource = request.get("subResource").stringOr("");
    this.name = request.get("name").stringOr("");
    this.namespace = request.get("namespace").stringOr("");
    this.object = request.get("object");
    this.oldObject = request.get("oldObject");
  }

  get requestKind(): GroupVersionKind {
    const value = this.request.get("requestKind");
    return value.isObject ? GroupVersionKind.from(value) : this.kind;
  }

  get userInfo(): UserInfo {
    return UserInfo.from(this.request.get("userInfo"));
  }

  get dryRun(): bool {
    return this.request.get("dryRun").isTrue;
  }

  get isDelete(): bool {
    return this.operation == "DELETE";
  }
}

@json
export class ValidationResponse {
  accepted: bool = true;

  @omitnull()
  message: string | null = null;

  @omitnull()
  code: JSON.Box<i32> | null = null;

  @omitnull()
  @alias("mutated_object")
  mutatedObject: JSON.Raw | null = null;

  @omitnull()
  warnings: Array<string> | null = null;

  @omitnull()
  @alias("audit_annotations")
  auditAnnotations: Map<string, string> | null = null;

  /** Adds a warning shown to the user by kubectl, whatever the verdict. */
  warn(warning: string): ValidationResponse {
    if (this.warnings === null) this.warnings = new Array<string>();
    this.warnings!.push(warning);
    return this;
  }

  /** Adds an audit annotation recorded in the API server's audit log. */
  annotate(key: string, value: string): ValidationResponse {
    if (this.auditAnnotations === null) this.auditAnnotations = new Map<string, string>();
    this.auditAnnotations!.set(key, value);
    return this;
  }
}

@json
export class SettingsValidationResponse {
  valid: bool = true;

  @omitnull()
  message: string | null = null;
}

/** Accepts the request unchanged. */
export function accept(): ValidationResponse {
  return new ValidationResponse();
}

/** Rejects the request; `code` 0 leaves the HTTP code to the API server (400). */
export function reject(message: string, code: i32 = 0): ValidationResponse {
  const response = new ValidationResponse();
  response.accepted = false;
  response.message = message;
  if (code != 0) response.code = new JSON.Box<i32>(code);
  return response;
}

export function acceptWithWarnings(warnings: string[]): ValidationResponse {
  const response = new ValidationResponse();
  response.warnings = warnings;
  return response;
}

/** Accepts the request with `objectJson` (the full object, as JSON text) as its new content. */
export function mutate(objectJson: string): ValidationResponse {
  const response = new ValidationResponse();
  response.mutatedObject = new JSON.Raw(objectJson);
  return response;
}

export function settingsValid(): SettingsValidationResponse {
  return new SettingsValidationResponse();
}

export function settingsInvalid(message: string): SettingsValidationResponse {
  const response = new SettingsValidationResponse();
  response.valid = false;
  response.message = message;
  return response;
}
