// The Kubewarden policy protocol: the validation request a policy
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

const REQUEST_FIELDS = ["uid", "operation", "kind", "resource", "subResource", "name", "namespace", "object", "oldObject"];

/**
 * The AdmissionRequest under review, plus the policy settings. Absent and null
 * fields read alike: strings as "", objects as a value whose `isAbsent` is true.
 * Fields are found in one pass and decoded only when read.
 */
export class ValidationRequest {
  /** The whole `request` object, for fields without a getter. */
  readonly request: JsonValue;
  readonly settings: JsonValue;
  /** The object under review (absent on DELETE). */
  readonly object: JsonValue;
  /** The previous object (UPDATE), or the deleted one (DELETE). */
  readonly oldObject: JsonValue;
  /** Where each of REQUEST_FIELDS starts; values are made only for fields read. */
  private readonly starts: StaticArray<usize>;

  constructor(request: JsonValue, settings: JsonValue) {
    this.request = request;
    this.settings = settings;
    const starts = request.pickStarts(REQUEST_FIELDS);
    this.object = request.valueAt(unchecked(starts[7]));
    this.oldObject = request.valueAt(unchecked(starts[8]));
    this.starts = starts;
  }

  private field(index: i32): JsonValue {
    return this.request.valueAt(unchecked(this.starts[index]));
  }

  get uid(): string { return this.field(0).stringOr(""); }
  /** CREATE, UPDATE, DELETE or CONNECT. */
  get operation(): string { return this.field(1).stringOr(""); }
  get kind(): GroupVersionKind { return GroupVersionKind.from(this.field(2)); }
  get resource(): GroupVersionResource { return GroupVersionResource.from(this.field(3)); }
  get subResource(): string { return this.field(4).stringOr(""); }
  get name(): string { return this.field(5).stringOr(""); }
  get namespace(): string { return this.field(6).stringOr(""); }

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
    return this.field(1).equals("DELETE");
  }

  isOperation(operation: string): bool {
    return this.field(1).equals(operation);
  }
}

@json
export class ValidationResponse {
  accepted: bool = true;

  @omitnull()
  message: string | null = null;

  @omitif((self: ValidationResponse): bool => self.code == 0)
  code: i32 = 0;

  @omitnull()
  @alias("mutated_object")
  mutatedObject: JSON.Raw | null = null;

  // Lists and maps are kept as JSON text: json-as's generic collection
  // serialisers would add kilobytes to every module for two rarely used fields.
  @omitnull()
  warnings: JSON.Raw | null = null;

  @omitnull()
  @alias("audit_annotations")
  auditAnnotations: JSON.Raw | null = null;

  /** Adds a warning shown to the user by kubectl, whatever the verdict. */
  warn(warning: string): ValidationResponse {
    const item = JSON.stringify(warning);
    const current = this.warnings;
    this.warnings = new JSON.Raw(current === null ? "[" + item + "]" : current.data.slice(0, -1) + "," + item + "]");
    return this;
  }

  /** Adds an audit annotation recorded in the API server's audit log. */
  annotate(key: string, value: string): ValidationResponse {
    const member = JSON.stringify(key) + ":" + JSON.stringify(value);
    const current = this.auditAnnotations;
    this.auditAnnotations = new JSON.Raw(current === null ? "{" + member + "}" : current.data.slice(0, -1) + "," + member + "}");
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
  response.code = code;
  return response;
}

export function acceptWithWarnings(warnings: string[]): ValidationResponse {
  const response = new ValidationResponse();
  for (let i = 0; i < warnings.length; i++) response.warn(warnings[i]);
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

/** valid when `error` is null, else invalid with `error` as the message. */
export function settingsVerdict(error: string | null): SettingsValidationResponse {
  return error === null ? settingsValid() : settingsInvalid(<string>error);
}

export function settingsInvalid(message: string): SettingsValidationResponse {
  const response = new SettingsValidationResponse();
  response.valid = false;
  response.message = message;
  return response;
}
